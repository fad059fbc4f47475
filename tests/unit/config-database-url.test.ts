import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { runMdl } from '../helpers/cli.js';

/** A malformed postgres:// URL failed later, in the driver, as a bare "Invalid URL" naming no setting. */
describe('MDL_DATABASE_URL: a malformed postgres:// URL', () => {
  const bad = ['postgres://mdl:s3cret-pw@127.0.0.1:notaport/mdl', 'postgresql://mdl:s3cret-pw@[::1/mdl', 'postgres://mdl:s3cret-pw@host:99999/mdl'];

  it('is a configuration error naming the setting, never its value', () => {
    for (const url of bad) {
      let caught: unknown;
      try {
        loadConfig({ MDL_DATABASE_URL: url });
      } catch (err) {
        caught = err;
      }
      expect(caught, url).toBeInstanceOf(ConfigError);
      expect((caught as Error).message, url).toBe('invalid configuration: MDL_DATABASE_URL: not a valid postgres:// URL');
    }
  });

  it('URLs the driver accepts still load (a socket directory, an empty host, encoded characters)', () => {
    for (const url of ['postgres://mdl@/mdl?host=/var/run/postgresql', 'postgres:///mdl', 'postgres://mdl:p%40ss@db.example.com:5433/mdl', 'postgresql://127.0.0.1/mdl']) {
      expect(loadConfig({ MDL_DATABASE_URL: url }).database.kind, url).toBe('postgres');
    }
  });

  it('the CLI prints that one line and exits 1', async () => {
    const r = await runMdl(['list'], { env: { MDL_DATABASE_URL: bad[0], MDL_CONFIG: '/nonexistent/mdl-config.json' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('mdl: invalid configuration: MDL_DATABASE_URL: not a valid postgres:// URL\n');
  });
});
