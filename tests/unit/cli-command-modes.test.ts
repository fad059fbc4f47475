import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BACKENDLESS_COMMANDS, HOST_ONLY_COMMANDS, REMOTE_COMMANDS, assertRunsHere } from '../../src/cli/backend/index.js';
import type { CliIo } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/program.js';

const io = (env: NodeJS.ProcessEnv = {}): CliIo => ({ stdout: new PassThrough(), stderr: new PassThrough(), stdin: Readable.from([]), env, isTTY: false });

describe('which commands run remotely', () => {
  it('classifies every top-level command exactly once: remote, host-only, or no backend', () => {
    const names = buildProgram(io()).commands.map((c) => c.name()).sort();
    const classes = [REMOTE_COMMANDS, HOST_ONLY_COMMANDS, BACKENDLESS_COMMANDS];
    for (const name of names) expect(classes.filter((c) => c.has(name)).length, name).toBe(1);
    expect([...REMOTE_COMMANDS, ...HOST_ONLY_COMMANDS, ...BACKENDLESS_COMMANDS].sort()).toEqual(names);
  });

  it('sends audit and policies to a named server; keeps db, admin, keys, serve and workspace on the host', () => {
    const opts = { server: 'https://mdl.example.com', apiKey: 'mdl_k' };
    for (const name of ['audit', 'policies', 'policy', 'list', 'export']) expect(() => assertRunsHere(io(), opts, name), name).not.toThrow();
    for (const name of ['db', 'admin', 'keys', 'serve', 'workspace']) {
      expect(() => assertRunsHere(io(), opts, name), name).toThrow(expect.objectContaining({ exitCode: 2, message: `"${name}" works only on the local database and cannot be used with --server` }));
      expect(() => assertRunsHere(io({ MDL_PROFILE: 'prod' }), {}, name), name).toThrow(/cannot be used with MDL_PROFILE \(unset MDL_PROFILE to run it locally\)$/);
      expect(() => assertRunsHere(io(), {}, name), name).not.toThrow();
    }
    // A command nobody classified yet is treated as host-only.
    expect(() => assertRunsHere(io(), opts, 'something-new')).toThrow(/works only on the local database/);
  });
});
