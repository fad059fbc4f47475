import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const PAGES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchors: lower case, punctuation dropped (not `-` or `_`), spaces to hyphens, repeats numbered. */
function anchorsOf(page: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of readFileSync(join(ROOT, page), 'utf8').split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const slug = heading[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    anchors.add(n === 0 ? slug : `${slug}-${n}`);
  }
  return anchors;
}

/** Every `[text](target.md#anchor)` and `[text](#anchor)` link of a page, with the page it points into. */
function anchorLinks(page: string): Array<{ link: string; target: string; anchor: string }> {
  const text = readFileSync(join(ROOT, page), 'utf8');
  return [...text.matchAll(/\]\(([^)\s#]*\.md)?#([^)\s]+)\)/g)].map((m) => ({
    link: m[0].slice(2, -1),
    target: m[1] ? normalize(join(dirname(page), m[1])) : page,
    anchor: m[2]!,
  }));
}

describe('links into a section of the docs', () => {
  it('name a heading that exists in the page they point to', () => {
    const broken = PAGES.flatMap((page) => anchorLinks(page)
      .filter(({ target, anchor }) => !PAGES.includes(target) || !anchorsOf(target).has(anchor))
      .map(({ link }) => `${page}: ${link}`));
    expect(broken).toEqual([]);
  });

  it('the README row for MDL_SQLITE_SYNCHRONOUS points to the durability promise', () => {
    const row = readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').find((l) => l.startsWith('| `MDL_SQLITE_SYNCHRONOUS`'));
    expect(row).toContain('(docs/architecture.md#durability-and-database-faults)');
    expect(anchorsOf('docs/architecture.md').has('durability-and-database-faults')).toBe(true);
  });
});
