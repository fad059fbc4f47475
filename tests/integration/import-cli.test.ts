import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runMdl } from '../helpers/cli.js';
import { sampleDomain } from '../helpers/samples.js';
import { FIXTURES, fixture, metric } from '../helpers/transfer.js';

/**
 * `mdl import` and `mdl export` against local SQLite files (the CLI cannot isolate a PostgreSQL
 * schema per test, so the PostgreSQL paths are covered by the API suites over the same services).
 */

const REFUSED = 'mdl: import refused: 2 invalid record(s); nothing was written (use --continue-on-error to import the valid ones)';
const BAD = {
  domains: [sampleDomain()],
  metrics: [metric('CLI-OK'), metric('CLI-BAD', { definition: { unit: 5 } } as never), metric('CLI-REF', { business_domain: 'nowhere' })],
};
const ISSUES = ['  metrics[1].definition.unit: Invalid input: expected string, received number', '  metrics[2].business_domain: unknown domain "nowhere"'];
const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('mdl import / export (local SQLite)', () => {
  let dir: string;
  let db: string[];
  const file = (name: string) => join(dir, name);
  const mdl = (args: string[], stdin?: string) => runMdl([...db, ...args], { stdin });
  const exists = async (id: string) => (await mdl(['show', id, '--json'])).code === 0;
  const tmpLeftovers = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-transfer-'));
    db = ['--database', file('mdl.db')];
    writeFileSync(file('bad.json'), JSON.stringify(BAD));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a file or standard input, JSON or YAML, and prints the counts or the JSON report', async () => {
    const first = await mdl(['import', join(FIXTURES, 'catalog.yaml')]);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(lines(first.stdout)).toEqual([
      expect.stringMatching(/^imported — catalog, all-or-nothing, \d+\.\d s$/),
      '  domains: 3 created, 0 updated, 0 unchanged, 0 invalid',
      '  objectives: 2 created, 0 updated, 0 unchanged, 0 invalid',
      '  metrics: 6 created, 0 updated, 0 unchanged, 0 invalid',
      '  catalog fields: created',
    ]);
    const stdin = await mdl(['import', '-'], fixture('catalog.json'));
    expect(stdin.code).toBe(0);
    expect(stdin.stdout).toContain('  metrics: 0 created, 0 updated, 6 unchanged, 0 invalid');
    const yamlStdin = await mdl(['import', '-', '--json'], fixture('metric-file-form.yaml'));
    expect(yamlStdin.code).toBe(0);
    expect(JSON.parse(yamlStdin.stdout)).toMatchObject({ shape: 'metric', committed: true, changes: [{ kind: 'metric', id: 'trial_to_paid_conversion', outcome: 'created' }] });
    expect(await exists('trial_to_paid_conversion')).toBe(true);
    // --format wins over an extension that says nothing.
    writeFileSync(file('one.data'), stringify({ metrics: [metric('CLI-FMT', { business_domain: 'revenue' })] }));
    expect((await mdl(['import', file('one.data'), '--format', 'yaml'])).code).toBe(0);
    expect(await exists('CLI-FMT')).toBe(true);
    expect((await mdl(['import', file('one.data'), '--format', 'json'])).stderr).toMatch(/^mdl: malformed JSON: .*line 1, column 1\)\n$/);
    expect((await mdl(['import', file('one.data'), '--format', 'xml'])).code).toBe(2);
  });

  it('refuses an invalid file with exit 1, the one-line reason and one line per issue, writing nothing', async () => {
    const r = await mdl(['import', file('bad.json'), '--strict']);
    expect(r.code).toBe(1);
    expect(lines(r.stderr)).toEqual([REFUSED, ...ISSUES]);
    expect(lines(r.stdout)[0]).toMatch(/^not imported — collection, all-or-nothing/);
    const json = await mdl(['import', '-', '--json', '--strict'], JSON.stringify(BAD));
    expect(json.code).toBe(1);
    expect(json.stderr).toBe(`${REFUSED}\n`);
    expect(JSON.parse(json.stdout)).toMatchObject({ committed: false, errors_total: 2, errors: [{ path: 'metrics[1]' }, { path: 'metrics[2]' }] });
    expect(await exists('CLI-OK')).toBe(false);
    const unreadable = await mdl(['import', '-'], '{"metrics": [\n  {"metric_id": "x",, }\n]}');
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/^mdl: malformed JSON: .*\(at line 2, column \d+\)\n$/);
    expect((await mdl(['import', file('missing.json')])).code).toBe(1);
  });

  it('--dry-run says what would change and writes nothing; with invalid records it exits 1', async () => {
    const changed = { metrics: [metric('CLI-FMT', { business_domain: 'revenue', definition: { formula: 'sum(mrr) * 12', unit: 'EUR', expected_direction: 'increase' } }), metric('CLI-NEW')] };
    const dry = await mdl(['import', '-', '--dry-run'], JSON.stringify(changed));
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(lines(dry.stdout)).toEqual([
      expect.stringMatching(/^dry run \(nothing written\) — collection, all-or-nothing/),
      '  domains: 0 created, 0 updated, 0 unchanged, 0 invalid',
      '  objectives: 0 created, 0 updated, 0 unchanged, 0 invalid',
      '  metrics: 1 created, 1 updated, 0 unchanged, 0 invalid',
      '  would update metric CLI-FMT → 2.0.0 (definition.unit)',
      '  would create metric CLI-NEW → 1.0.0',
    ]);
    expect(await exists('CLI-NEW')).toBe(false);
    expect(JSON.parse((await mdl(['show', 'CLI-FMT', '--json'])).stdout).definition.unit).toBe('USD');

    const bad = await mdl(['import', file('bad.json'), '--dry-run', '--strict']);
    expect(bad.code).toBe(1);
    expect(lines(bad.stderr)).toEqual(['mdl: dry run: 2 invalid record(s); the import would be refused', ...ISSUES]);
    expect(bad.stdout).toContain('  would create metric CLI-OK → 1.0.0');
    const badJson = await mdl(['import', file('bad.json'), '--dry-run', '--json', '--strict']);
    expect(badJson.code).toBe(1);
    expect(JSON.parse(badJson.stdout)).toMatchObject({ dry_run: true, committed: false, errors_total: 2 });
    const lenient = await mdl(['import', file('bad.json'), '--dry-run', '--continue-on-error', '--strict']);
    expect(lenient.code).toBe(0);
    expect(lines(lenient.stderr)).toEqual(ISSUES);
    expect(await exists('CLI-OK')).toBe(false);
  });

  it('--continue-on-error writes the valid records, lists the rest and exits 0', async () => {
    const r = await mdl(['import', file('bad.json'), '--continue-on-error', '--strict']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toContain('  metrics: 1 created, 0 updated, 0 unchanged, 2 invalid');
    expect(lines(r.stderr)).toEqual(ISSUES);
    expect(await exists('CLI-OK')).toBe(true);
    expect(await exists('CLI-BAD')).toBe(false);
    expect(await exists('CLI-REF')).toBe(false);
    const mapped = await mdl(['import', '-', '--dry-run', '--json', '--map', 'data_classification:Non-PII=internal', '--map', 'tier:T1=Tier-1'],
      JSON.stringify({ metrics: [metric('CLI-MAP', { tier: 'T1', governance: { data_classification: 'Non-PII' } } as never)] }));
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(mapped.stdout)).toMatchObject({ errors_total: 0, counts: { metric: { created: 1 } } });
  });

  it('keeps an unknown reference by default (the workspace policy is warn), printing it with its path and target', async () => {
    const r = await mdl(['import', '-', '--dry-run'], JSON.stringify({ metrics: [metric('CLI-REF', { business_domain: 'nowhere' })] }));
    expect(r.code, r.stderr).toBe(0);
    expect(lines(r.stdout)).toContain('  unresolved references: 1 (kept; `mdl refs --unresolved` lists them)');
    expect(lines(r.stderr)).toEqual(['  metrics[0].business_domain: unresolved domain "nowhere" (kept)']);
    expect(await exists('CLI-REF')).toBe(false);
  });

  it('exports to a file or standard output, JSON or YAML, and the export imports into an empty database unchanged', async () => {
    const toFile = await mdl(['export', file('out.json')]);
    expect(toFile.code).toBe(0);
    expect(toFile.stderr).toBe(`exported 3 domain(s), 2 objective(s), 9 metric(s) to ${file('out.json')}\n`);
    const json = readFileSync(file('out.json'), 'utf8');
    expect(JSON.parse(json)).toMatchObject({ catalog_name: 'Acme Cloud Business Metrics', generated_by: 'hand-written fixture' });
    expect(await mdl(['export', '-'])).toEqual({ code: 0, stdout: json, stderr: '' });

    expect((await mdl(['export', file('out.yaml')])).code).toBe(0);
    const yaml = readFileSync(file('out.yaml'), 'utf8');
    expect(yaml.startsWith('catalog_version: 1.2.0\ncatalog_name: Acme Cloud Business Metrics\n')).toBe(true);
    expect((await mdl(['export', '-', '--format', 'yaml'])).stdout).toBe(yaml);
    expect((await mdl(['export', file('out.txt'), '--format', 'yaml'])).code).toBe(0);
    expect(readFileSync(file('out.txt'), 'utf8')).toBe(yaml);
    expect((await mdl(['export', '-', '--format', 'csv'])).code).toBe(2);

    for (const [name, text] of [['out.yaml', yaml], ['out.json', json]] as const) {
      const empty = ['--database', file(`copy-${name}.db`)];
      expect((await runMdl([...empty, 'import', file(name)])).code).toBe(0);
      expect((await runMdl([...empty, 'export', '-', '--format', name.endsWith('yaml') ? 'yaml' : 'json'])).stdout, name).toBe(text);
    }
    expect(tmpLeftovers()).toEqual([]);
  });

  it('a failed export leaves no partial file and keeps the file it would have replaced', async () => {
    const broken = file('broken.db');
    expect((await runMdl(['--database', broken, 'import', join(FIXTURES, 'catalog.json')])).code).toBe(0);
    writeFileSync(file('keep.json'), 'the previous export\n');
    const corrupt = (sql: string) => {
      const s = new Database(broken);
      s.prepare(sql).run();
      s.close();
    };
    // Fails mid-way (after the domains and objectives were written), then before the first byte.
    corrupt("UPDATE metrics SET doc = '{' WHERE metric_id = 'csat_score'");
    for (const round of ['mid-way', 'at the start']) {
      for (const target of ['keep.json', 'new.yaml']) {
        const r = await runMdl(['--database', broken, 'export', file(target)]);
        expect(r.code, `${round} ${target}`).toBe(1);
        expect(r.stderr, round).toMatch(/^mdl: .+\n$/);
      }
      expect(readFileSync(file('keep.json'), 'utf8')).toBe('the previous export\n');
      expect(existsSync(file('new.yaml'))).toBe(false);
      expect(tmpLeftovers()).toEqual([]);
      corrupt("UPDATE workspaces SET catalog_meta = '{'");
    }
    const noDir = await runMdl(['--database', broken, 'export', file('no/such/dir.json')]);
    expect(noDir.code).toBe(1);
    expect(noDir.stderr).toMatch(/^mdl: .*ENOENT/);
  });
});
