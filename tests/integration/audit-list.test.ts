import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, csvHeader, csvRow, type ExportableEvent } from '../../src/modules/audit/export.js';
import { AuditService, encodeAuditCursor } from '../../src/modules/audit/service.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { BadRequestError, ValidationError } from '../../src/shared/errors.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

describe('audit CSV cells', () => {
  it('quotes separators, quotes and line breaks, and neutralises formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell(null)).toBe('');
    expect(csvCell(42)).toBe('42');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('cr\rlf')).toBe('"cr\rlf"');
    for (const f of ['=1+2', '+1', '-1', '@SUM(A1)', '\tx']) expect(csvCell(f)).toBe(`'${f}`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe('"\'=HYPERLINK(""http://x"",""y"")"');
    expect(csvCell({ a: '=x' })).toBe('"{""a"":""=x""}"');
    const row: ExportableEvent = {
      id: 1, occurred_at: 't', actor: '=cmd|calc', action: 'a', entity_type: 'metric', entity_id: 'M', request_id: null, ip: null,
      outcome: 'success', before: null, after: { n: 1 }, prev_hash: 'p', hash: 'h',
    };
    expect(csvHeader()).toBe('id,occurred_at,actor,action,entity_type,entity_id,request_id,ip,outcome,before,after,prev_hash,hash\r\n');
    expect(csvRow(row)).toBe(`1,t,'=cmd|calc,a,metric,M,,,success,,"{""n"":1}",p,h\r\n`);
  });
});

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`audit listing and export on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let s: Services;
    let audit: AuditService;
    const alice = localContext('alice');
    const bob = localContext('bob');

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      s = createServices(tdb.db);
      audit = new AuditService(tdb.db);
      await s.domains.create(alice, sampleDomain());
      for (let i = 0; i < 7; i++) await s.metrics.create(i % 2 ? bob : alice, sampleMetric({ metric_id: `M-${i}`, name: `M ${i}` }));
      await s.metrics.patch(bob, 'M-0', { name: '=HYPERLINK("http://evil","click")\nsecond line' });
      await tdb.db.insertInto('workspaces').values({ id: 'other', name: 'other', catalog_meta: null, created_at: new Date().toISOString() }).execute();
      await s.domains.create(localContext('alice', 'other'), sampleDomain());
    });
    afterAll(async () => tdb?.destroy());

    it('pages newest first with an opaque cursor, within the workspace only', async () => {
      const seen: number[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await audit.list('default', { limit: 3, cursor });
        seen.push(...page.items.map((e) => e.id));
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toHaveLength(9);
      expect([...seen].sort((a, b) => b - a)).toEqual(seen);
      const first = await audit.list('default', { limit: 1 });
      expect(first.items[0]).toMatchObject({ action: 'metric.update', actor: 'bob', entity_id: 'M-0', workspace_id: 'default' });
      expect(first.items[0]!.after).toEqual({ name: '=HYPERLINK("http://evil","click")\nsecond line' });
      expect(first.items[0]!.hash).toMatch(/^[0-9a-f]{64}$/);
      expect((await audit.list('other', { limit: 50 })).items.map((e) => e.action)).toEqual(['domain.create']);
    });

    it('filters by actor, action, entity and time', async () => {
      const ids = async (q: Parameters<AuditService['list']>[1]) => (await audit.list('default', q)).items.map((e) => e.entity_id);
      expect(await ids({ limit: 50, actor: 'bob', action: 'metric.create' })).toEqual(['M-5', 'M-3', 'M-1']);
      expect(await ids({ limit: 50, entityType: 'metric', entityId: 'M-0' })).toEqual(['M-0', 'M-0']);
      expect(await ids({ limit: 50, entityType: 'domain' })).toEqual(['revenue']);
      const all = (await audit.list('default', { limit: 50 })).items;
      const pivot = all[4]!.occurred_at;
      const from = await audit.list('default', { limit: 50, from: pivot });
      const to = await audit.list('default', { limit: 50, to: pivot });
      expect(from.items.every((e) => e.occurred_at >= pivot)).toBe(true);
      expect(to.items.every((e) => e.occurred_at < pivot)).toBe(true);
      expect(from.items.length + to.items.length).toBe(9);
      expect(await ids({ limit: 50, from: '2999-01-01T00:00:00Z' })).toEqual([]);
    });

    it('refuses a bad limit, date or cursor', async () => {
      await expect(audit.list('default', { limit: 0 })).rejects.toBeInstanceOf(ValidationError);
      await expect(audit.list('default', { limit: 501 })).rejects.toBeInstanceOf(ValidationError);
      await expect(audit.list('default', { limit: 5, from: 'yesterday' })).rejects.toMatchObject({ details: [{ path: 'from' }] });
      await expect(audit.list('default', { limit: 5, cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(BadRequestError);
      await expect(audit.list('default', { limit: 5, cursor: encodeAuditCursor(-1) })).rejects.toBeInstanceOf(BadRequestError);
    });

    it('exports JSON Lines (lossless) and CSV (escaped, formulas neutralised), oldest first', async () => {
      const collect = async (it: AsyncIterable<string>) => {
        let out = '';
        for await (const c of it) out += c;
        return out;
      };
      const jsonl = await collect(audit.export('default', {}, 'jsonl'));
      const events = jsonl.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(events).toHaveLength(9);
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => Number(a) - Number(b)));
      expect(Object.keys(events[0]!)).toEqual(['id', 'occurred_at', 'actor', 'action', 'entity_type', 'entity_id', 'request_id', 'ip', 'outcome', 'before', 'after', 'prev_hash', 'hash']);
      expect(events[8]!.after).toEqual({ name: '=HYPERLINK("http://evil","click")\nsecond line' });

      const csv = await collect(audit.export('default', { actor: 'bob', action: 'metric.update' }, 'csv'));
      const lines = csv.split('\r\n');
      expect(lines[0]).toBe('id,occurred_at,actor,action,entity_type,entity_id,request_id,ip,outcome,before,after,prev_hash,hash');
      expect(lines).toHaveLength(3);
      expect(lines[1]).toContain(',bob,metric.update,metric,M-0,,,success,');
      expect(lines[1]).toContain('"{""name"":""M 0""}","{""name"":""=HYPERLINK(\\""http://evil\\"",\\""click\\"")\\nsecond line""}"');
      expect(lines[2]).toBe('');
    });
  });
}
