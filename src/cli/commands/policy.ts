import { resolve } from 'node:path';
import type { Command } from 'commander';
import { toJson } from '../format.js';
import { writeLine, type CliIo } from '../io.js';
import { withBackend } from '../backend/index.js';
import type { GlobalOptions } from '../runtime.js';

export function registerPolicyCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('policy <metric_id>')
    .description("print a metric's policy: its own JSON data first, then how to evaluate it (the fixed Rego module with --module)")
    .option('--json', 'print {package, module, data, query, data_path} as JSON')
    .option('--data-only', 'print only the JSON data for the metric')
    .option('--module', 'print only the Rego module (the same for every metric)')
    .action(async (id: string, o: { json?: boolean; dataOnly?: boolean; module?: boolean }) => {
      await withBackend(io, globals(), async (backend) => {
        const p = await backend.policy(id);
        if (o.json) return writeLine(io.stdout, toJson(p));
        if (o.dataOnly) return writeLine(io.stdout, toJson(p.data));
        if (o.module) return writeLine(io.stdout, p.module.trimEnd());
        // What is specific to the metric leads; the module is the same ~200 lines for every metric.
        writeLine(io.stdout, `# policy data of ${id}, at ${p.data_path}:`);
        writeLine(io.stdout, toJson(p.data));
        // A workspace with its own classification order: OPA needs it beside the metric's data.
        if (p.classification_levels) writeLine(io.stdout, `\n# classification levels of this workspace, lowest first, at data.mdl.classification_levels:\n${toJson(p.classification_levels)}`);
        writeLine(io.stdout, `\n# decision: ${p.query} (allow, deny_reasons, threshold_status)`);
        writeLine(io.stdout, `# module: package ${p.package}, ${p.module.trimEnd().split('\n').length} lines, the same for every metric: mdl policy ${id} --module`);
        writeLine(io.stdout, '# bundle for OPA: mdl policies --output <dir>');
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
