import { runCli } from './program.js';

/** Entry point of bin/mdl.js. */
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  isTTY: Boolean(process.stderr.isTTY),
});
// `serve` never resolves; every other command ends here with its exit code.
process.exitCode = code;
