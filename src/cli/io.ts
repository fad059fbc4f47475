import type { Readable, Writable } from 'node:stream';
import { escapeForTerminal } from './format.js';

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

/** Writes one line; characters that would act on the terminal are shown as `\uXXXX` (see format.ts). */
export function writeLine(out: Writable, line = ''): void {
  out.write(`${escapeForTerminal(line)}\n`);
}
