/**
 * `npm run gen:api`: writes web/src/api/schema.d.ts, the dashboard's API types, from the OpenAPI
 * document the server serves (GET /api/v1/openapi.json). The app is built in-process on a throwaway
 * in-memory SQLite database, as the tests build it: no server, no network. tests/unit/web-api-types.test.ts
 * regenerates into memory and fails when the checked-in file differs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { buildApp } from '../src/app.js';
import { connect } from '../src/db/connect.js';
import { OPENAPI_PATH } from '../src/http/openapi.js';
import { createServices } from '../src/modules/services.js';
import { SecretBox } from '../src/shared/secret-box.js';

export const SCHEMA_FILE = join(import.meta.dirname, '..', 'web', 'src', 'api', 'schema.d.ts');

const HEADER = `/**
 * MDL API types, generated from the served OpenAPI document by \`npm run gen:api\` (scripts/gen-web-api.ts).
 * Do not edit: tests/unit/web-api-types.test.ts fails when this file and the document differ.
 */

`;

/** The served OpenAPI document, as a client would fetch it. */
export async function servedOpenApi(): Promise<Record<string, unknown>> {
  const db = connect({ kind: 'sqlite', file: ':memory:' });
  const app = await buildApp({
    config: { bodyLimit: 1024 * 1024, importBodyLimit: 1024 * 1024, requestTimeoutMs: 30_000 },
    db,
    services: createServices(db, undefined, { secretBox: SecretBox.ephemeral() }),
  });
  try {
    const res = await app.inject({ method: 'GET', url: OPENAPI_PATH });
    if (res.statusCode !== 200) throw new Error(`${OPENAPI_PATH} answered ${res.statusCode}`);
    return res.json();
  } finally {
    await app.close();
    await db.destroy();
  }
}

/** The contents of web/src/api/schema.d.ts for the current routes. */
export async function generateWebApiTypes(): Promise<string> {
  const doc = await servedOpenApi();
  return HEADER + astToString(await openapiTS(doc as unknown as Parameters<typeof openapiTS>[0]));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(SCHEMA_FILE, await generateWebApiTypes());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
