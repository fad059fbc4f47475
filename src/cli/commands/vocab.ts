import type { Command } from 'commander';
import type { Vocabulary } from '../../modules/vocabularies/model.js';
import type { VocabularyChange } from '../../modules/vocabularies/service.js';
import { withBackend } from '../backend/index.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../runtime.js';

/** A vocabulary as lines: its values in order (`<` between ordered levels), then its aliases. */
export function vocabularyLines(v: Vocabulary): string[] {
  const traits = [v.ordered ? 'ordered' : '', v.closed ? 'closed' : 'open', v.customized ? '' : 'default'].filter(Boolean).join(', ');
  const values = v.values.length === 0 ? '(no values)' : v.values.join(v.ordered ? ' < ' : ', ');
  const lines = [`${v.name} (${traits}): ${values}`];
  for (const a of v.aliases) lines.push(`  alias ${a.alias} → ${a.value}`);
  return lines;
}

/**
 * `mdl vocab`: the workspace vocabularies as GET /api/v1/vocabularies lists them, and the admin's
 * changes (local mode acts as the host; remote mode needs a key with the `admin` scope).
 */
export function registerVocabCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const vocab = program
    .command('vocab')
    .description('list the workspace vocabularies (classification levels, statuses, severities, tiers, metric types), or one; change them with the subcommands')
    .argument('[name]', 'data_classification, status, severity, tier or metric_type')
    .option('--json', 'print JSON lines, one vocabulary each')
    .action(async (name: string | undefined, o: { json?: boolean }) => {
      await withBackend(io, globals(), async (backend) => {
        for (const v of await backend.vocabularies(name)) {
          if (o.json) writeLine(io.stdout, JSON.stringify(v));
          else for (const line of vocabularyLines(v)) writeLine(io.stdout, line);
        }
      });
    });

  const change = (summary: (name: string) => string, toChange: (...args: string[]) => VocabularyChange) =>
    async (name: string, ...rest: unknown[]) => {
      const args = rest.filter((a): a is string => typeof a === 'string');
      await withBackend(io, globals(), async (backend) => {
        const v = await backend.changeVocabulary(name, toChange(...args));
        for (const line of vocabularyLines(v)) writeLine(io.stdout, line);
        writeLine(io.stderr, summary(name));
      });
    };

  vocab.command('add <name> <value>')
    .description('add a value; for data_classification, --before or --after places the new level (default: highest)')
    .option('--before <value>', 'place it right before this value (ordered vocabularies)')
    .option('--after <value>', 'place it right after this value (ordered vocabularies)')
    .action(async (name: string, value: string, o: { before?: string; after?: string }) => {
      if (o.before !== undefined && o.after !== undefined) throw new CliError('give --before or --after, not both', 2);
      await change(() => `added ${JSON.stringify(value)} to ${name}`, () => ({ op: 'add', value, before: o.before, after: o.after }))(name);
    });
  vocab.command('alias <name> <alias> <value>')
    .description('make <alias> another spelling of <value>: writes store <value> (e.g. mdl vocab alias data_classification Non-PII internal)')
    .action(change((n) => `alias added to ${n}`, (alias, value) => ({ op: 'alias', alias: alias!, value: value! })));
  vocab.command('unalias <name> <alias>')
    .description('remove an alias')
    .action(change((n) => `alias removed from ${n}`, (alias) => ({ op: 'unalias', alias: alias! })));
  vocab.command('remove <name> <value>')
    .description('remove a value and its aliases (refused while metrics use it)')
    .action(change((n) => `value removed from ${n}`, (value) => ({ op: 'remove', value: value! })));
  vocab.command('close <name>')
    .description('refuse values the vocabulary does not know')
    .action(change((n) => `${n} is closed: unknown values are refused`, () => ({ op: 'close' })));
  vocab.command('open <name>')
    .description('accept any value (known spellings are still stored as their value)')
    .action(change((n) => `${n} is open: any value is kept`, () => ({ op: 'open' })));
}
