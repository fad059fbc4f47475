import { describe, expect, it } from 'vitest';
import { METRIC_BUMP_RULES } from '../../../src/modules/metrics/kind.js';
import { createObjectiveKind } from '../../../src/modules/objectives/kind.js';
import { bumpFor, changedPaths, deepEqual, nextVersion } from '../../../src/modules/catalog/versioning.js';

describe('changedPaths', () => {
  it('reports leaf paths, treating null, missing, [] and {} alike', () => {
    expect(changedPaths({ a: 1, b: { c: 2 } }, { a: 1, b: { c: 3 } })).toEqual(['b.c']);
    expect(changedPaths({ a: null, t: [] }, { b: {} })).toEqual([]);
    expect(changedPaths({}, { x: { y: 1, z: null } })).toEqual(['x.y']);
    expect(changedPaths({ x: { y: 1 } }, { x: 'flat' })).toEqual(['x']);
  });
  it('compares plain arrays whole and arrays of objects item by item', () => {
    expect(changedPaths({ tags: ['a', 'b'] }, { tags: ['b', 'a'] })).toEqual(['tags']);
    expect(changedPaths({ k: [{ v: 1 }, { v: 2 }] }, { k: [{ v: 1 }, { v: 5 }] })).toEqual(['k[1].v']);
    expect(changedPaths({ k: [{ v: 1 }] }, { k: [{ v: 1 }, { v: 2 }] })).toEqual(['k']);
  });
  it('deepEqual ignores empty vs missing but not values', () => {
    expect(deepEqual({ a: 1, b: [] }, { a: 1 })).toBe(true);
    expect(deepEqual({ a: 1 }, { a: 2 })).toBe(false);
  });
});

describe('bump rules', () => {
  it('metric: formula/unit/category major, name/description/tier/domain minor, rest patch', () => {
    for (const p of ['definition.formula', 'definition.unit', 'category']) expect(bumpFor([p], METRIC_BUMP_RULES), p).toBe('major');
    for (const p of ['name', 'description', 'tier', 'business_domain']) expect(bumpFor([p], METRIC_BUMP_RULES), p).toBe('minor');
    for (const p of ['tags', 'governance.owner_team', 'definition.formula_detail', 'short_name']) expect(bumpFor([p], METRIC_BUMP_RULES), p).toBe('patch');
    expect(bumpFor(['tags', 'name', 'definition.unit'], METRIC_BUMP_RULES)).toBe('major');
  });
  it('objective: progress updates are patches, target changes and added key results minor', () => {
    const rules = createObjectiveKind().bumpRules;
    expect(bumpFor(['key_results[0].current_value'], rules)).toBe('patch');
    expect(bumpFor(['key_results[2].target_value'], rules)).toBe('minor');
    expect(bumpFor(['key_results'], rules)).toBe('minor');
    expect(bumpFor(['metadata.notes'], rules)).toBe('patch');
  });
  it('nextVersion bumps semver and resets lower parts', () => {
    expect(nextVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(nextVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(nextVersion('1.2.3', 'patch')).toBe('1.2.4');
  });
});
