import type { Readable, Writable } from 'node:stream';

/** Where a CLI run reads and writes; tests pass buffers, bin/mdl.js passes the process streams. */
export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  stdin: Readable;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (progress bars only then). */
  isTTY: boolean;
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
  }
}

export function writeLine(out: Writable, line = ''): void {
  out.write(`${line}\n`);
}
