import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TEMPLATES } from './helpers.js';
import { skippedBecause } from '../../helpers/skips.js';

/** Where the project's shared material sits in development and CI: beside the repository. */
const SHARED = fileURLToPath(new URL('../../../../shared/fixtures/mdl-templates/', import.meta.url));

const noShared = !existsSync(SHARED);

describe.skipIf(noShared)(`vendored public templates${skippedBecause(noShared, 'no shared/fixtures/mdl-templates beside the repository')}`, () => {
  it('are byte-identical to the shared originals', () => {
    const names = readdirSync(SHARED).sort();
    expect(names).toHaveLength(6);
    for (const n of names) expect(readFileSync(`${TEMPLATES}${n}`, 'utf8'), n).toBe(readFileSync(`${SHARED}${n}`, 'utf8'));
  });
});
