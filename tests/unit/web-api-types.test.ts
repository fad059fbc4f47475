import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateWebApiTypes, SCHEMA_FILE, servedOpenApi } from '../../scripts/gen-web-api.js';

describe('the dashboard\'s API types (web/src/api/schema.d.ts)', () => {
  it('match the served OpenAPI document: run `npm run gen:api` after changing a route', async () => {
    const fresh = await generateWebApiTypes();
    const checkedIn = readFileSync(SCHEMA_FILE, 'utf8');
    // Compared by operation first, so a failure names what drifted instead of dumping 600 kB.
    const ops = (text: string) => [...text.matchAll(/^ {4}"(\/[^"]*)": \{/gm)].map((m) => m[1]);
    expect(ops(checkedIn), 'paths in schema.d.ts vs the served document').toEqual(ops(fresh));
    expect(checkedIn === fresh, 'web/src/api/schema.d.ts differs from what npm run gen:api writes').toBe(true);
  });

  it('are generated from the document the server serves, which has the routes the dashboard calls', async () => {
    const doc = (await servedOpenApi()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [['/api/v1/auth/login', 'post'], ['/api/v1/auth/mfa', 'post'], ['/api/v1/auth/logout', 'post'], ['/api/v1/setup', 'get'], ['/api/v1/setup', 'post'], ['/api/v1/workspaces', 'get'], ['/api/v1/auth/switch', 'post'], ['/api/v1/me', 'get']] as const) {
      expect(doc.paths[path], path).toHaveProperty(method);
    }
    const fresh = await generateWebApiTypes();
    expect(fresh).toContain('"/api/v1/auth/login": {');
    expect(fresh).toContain('csrf_token: string;');
  });
});
