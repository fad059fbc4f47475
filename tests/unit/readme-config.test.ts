import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FILE_SECRETS } from '../../src/config/secrets.js';

const ROOT = new URL('../..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/**
 * Every environment variable the code accepts: the keys of the config schemas (src/config) and the
 * variables read straight from the environment anywhere in src (the CLI's MDL_SERVER, say).
 */
function acceptedVariables(): Set<string> {
  const names = new Set<string>();
  for (const file of sources(join(ROOT, 'src'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\benv(?:\.|\[['"])(MDL_[A-Z0-9_]+)/g)) names.add(m[1]!);
    if (file.includes('/src/config/')) for (const m of text.matchAll(/^\s+(MDL_[A-Z0-9_]+): /gm)) names.add(m[1]!);
  }
  return names;
}

/** The variable names of the README's configuration table (`NAME` or `NAME` (`_FILE`) or `A` / `B` in the first column). */
function documentedVariables(): Set<string> {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? '';
  const names = new Set<string>();
  for (const row of section.split('\n').filter((l) => l.startsWith('| `'))) {
    const first = row.split('|')[1] ?? '';
    for (const m of first.matchAll(/`(MDL_[A-Z0-9_]+)`/g)) names.add(m[1]!);
    if (first.includes('(`_FILE`)')) for (const m of first.matchAll(/`(MDL_[A-Z0-9_]+)`/g)) names.add(`${m[1]}_FILE`);
  }
  return names;
}

describe('the README configuration table', () => {
  it('lists every environment variable the code accepts', () => {
    const accepted = acceptedVariables();
    expect(accepted.size).toBeGreaterThan(30); // the scan found the config module
    const documented = documentedVariables();
    const missing = [...accepted].filter((v) => !documented.has(v)).sort();
    expect(missing, 'add these to the README configuration table').toEqual([]);
  });

  it('lists no variable the code does not accept, and marks each secret that may come from a file', () => {
    const accepted = acceptedVariables();
    for (const s of FILE_SECRETS) accepted.add(`${s}_FILE`);
    const documented = documentedVariables();
    expect([...documented].filter((v) => !accepted.has(v)).sort(), 'stale rows in the README configuration table').toEqual([]);
    for (const s of FILE_SECRETS) expect(documented.has(`${s}_FILE`), `${s} (\`_FILE\`)`).toBe(true);
  });
});
