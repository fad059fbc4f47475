import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMdl } from '../helpers/cli.js';

/**
 * A key pasted with a typographic character (a curly quote, a non-breaking space, an ellipsis) cannot be
 * sent in an HTTP header. The CLI blamed the network ("cannot reach …: Cannot convert argument to a
 * ByteString …", exit 1) for what is a usage error, and must still never echo the key.
 */
describe('mdl --server: an API key with characters a header cannot carry', () => {
  let dir: string;
  beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'mdl-key-chars-')); });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a usage error (exit 2) that names the problem, from a flag, a file or the environment, without the key', async () => {
    const file = join(dir, 'key');
    writeFileSync(file, 'mdl_s3cretKEY’\n', { mode: 0o600 });
    const env = { MDL_CONFIG: join(dir, 'config.json') };
    const runs = [
      await runMdl(['--server', 'http://127.0.0.1:9', '--api-key', 'mdl_s3cretKEY€', 'list'], { env }),
      await runMdl(['--server', 'http://127.0.0.1:9', '--api-key-file', file, 'stats'], { env }),
      await runMdl(['list'], { env: { ...env, MDL_SERVER: 'http://127.0.0.1:9', MDL_API_KEY: '\u201Cmdl_s3cretKEY\u201D' } }),
    ];
    for (const r of runs) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('mdl: the API key contains characters other than ASCII letters, digits and punctuation\n');
      expect(r.stderr).not.toContain('s3cret');
    }
  });
});
