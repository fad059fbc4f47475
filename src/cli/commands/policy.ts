import { resolve } from 'node:path';
import type { Command } from 'commander';
import { toJson } from '../format.js';
import { writeLine, type CliIo } from '../io.js';
import { withBackend } from '../backend/index.js';
import type { GlobalOptions } from '../runtime.js';

export function registerPolicyCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('policy <metric_id>')
    .description("print a metric's policy: the fixed Rego module and the metric's JSON data")
    .option('--json', 'print {package, module, data, query, data_path} as JSON')
    .option('--data-only', 'print only the JSON data for the metric')
    .action(async (id: string, o: { json?: boolean; dataOnly?: boolean }) => {
      await withBackend(io, globals(), async (backend) => {
        const p = await backend.policy(id);
        if (o.json) return writeLine(io.stdout, toJson(p));
        if (o.dataOnly) return writeLine(io.stdout, toJson(p.data));
        writeLine(io.stdout, p.module.trimEnd());
        writeLine(io.stdout, `\n# data at ${p.data_path}:`);
        writeLine(io.stdout, toJson(p.data).split('\n').map((l) => `# ${l}`).join('\n'));
      });
    });

  program
    .command('policies')
    .description('write the policy module and data for every metric as an unpacked OPA bundle directory (remote: GET /policies/bundle.tar.gz, unpacked)')
    .requiredOption('-o, --output <dir>', 'directory to write (created if missing)')
    .action(async (o: { output: string }) => {
      await withBackend(io, globals(), async (backend) => {
        const dir = resolve(o.output);
        const { revision, files } = await backend.writePolicyBundle(dir);
        for (const f of files) writeLine(io.stdout, `wrote ${dir}/${f}`);
        writeLine(io.stdout, `revision ${revision}`);
      });
    });
}
