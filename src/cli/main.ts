import { runCli } from './program.js';

// A reader that stops early (`mdl export - | head -1`) closes the pipe: that ends the command quietly,
// as for any Unix tool, not with "mdl: write EPIPE" and exit 1.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

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
