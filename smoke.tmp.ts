import { readFileSync } from 'node:fs';
import { buildApp } from './src/app.js';
import { connect } from './src/db/connect.js';
import { migrateToLatest } from './src/db/migrator.js';
async function mk() {
  const db = connect({ kind: 'sqlite', file: ':memory:' });
  await migrateToLatest(db);
  return buildApp({ config: { bodyLimit: 1e6, importBodyLimit: 5e7, requestTimeoutMs: 30000 }, db });
}
const a = await mk();
const yaml = readFileSync('tests/fixtures/catalog.yaml', 'utf8');
let r = await a.inject({ method: 'POST', url: '/api/v1/import?dry_run=true', headers: { 'content-type': 'application/yaml' }, payload: yaml });
console.log('dry', r.statusCode, JSON.stringify(r.json().counts), r.json().errors.slice(0, 3));
r = await a.inject({ method: 'POST', url: '/api/v1/import', headers: { 'content-type': 'application/yaml' }, payload: yaml });
console.log('real', r.statusCode, JSON.stringify(r.json().counts));
r = await a.inject({ method: 'POST', url: '/api/v1/import', headers: { 'content-type': 'application/yaml' }, payload: yaml });
console.log('again', r.statusCode, JSON.stringify(r.json().counts));
const e1 = (await a.inject({ method: 'GET', url: '/api/v1/export?format=json' })).body;
const b = await mk();
r = await b.inject({ method: 'POST', url: '/api/v1/import', headers: { 'content-type': 'application/json' }, payload: e1 });
console.log('b import', r.statusCode, JSON.stringify(r.json().counts ?? r.json()));
const e2 = (await b.inject({ method: 'GET', url: '/api/v1/export?format=json' })).body;
console.log('roundtrip equal', e1 === e2, e1.length);
const y1 = (await a.inject({ method: 'GET', url: '/api/v1/export?format=yaml' })).body;
console.log(y1.slice(0, 300));
const l1 = e1.split('\n'), l2 = e2.split('\n');
for (let i = 0; i < Math.max(l1.length, l2.length); i++) if (l1[i] !== l2[i]) { console.log(i, '\n<', l1[i], '\n>', l2[i]); if (i > 5) break; }
