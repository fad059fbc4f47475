import { describe, expect, it } from 'vitest';
import { etagFor, ifMatchSatisfied } from '../../../src/modules/catalog/etag.js';
import { applyMergePatch } from '../../../src/modules/catalog/merge-patch.js';
import { decodeCursor, encodeCursor, parseSort } from '../../../src/modules/catalog/pagination.js';
import { searchTokens } from '../../../src/modules/metrics/repository.js';
import { keyResultProgress } from '../../../src/modules/objectives/progress.js';

describe('keyResultProgress', () => {
  it('increase: share of baseline→target covered, clamped', () => {
    expect(keyResultProgress({ baseline_value: 100, target_value: 200, current_value: 150, direction: 'increase' })).toBe(50);
    expect(keyResultProgress({ baseline_value: 100, target_value: 200, current_value: 90, direction: 'increase' })).toBe(0);
    expect(keyResultProgress({ baseline_value: 100, target_value: 200, current_value: 260, direction: 'increase' })).toBe(100);
    expect(keyResultProgress({ target_value: 40, current_value: 10 })).toBe(25);
  });
  it('decrease: lower is better', () => {
    expect(keyResultProgress({ baseline_value: 10, target_value: 2, current_value: 4, direction: 'decrease' })).toBe(75);
    expect(keyResultProgress({ baseline_value: 10, target_value: 2, current_value: 12, direction: 'decrease' })).toBe(0);
  });
  it('maintain: full at target, falling with deviation', () => {
    expect(keyResultProgress({ baseline_value: 90, target_value: 100, current_value: 100, direction: 'maintain' })).toBe(100);
    expect(keyResultProgress({ baseline_value: 90, target_value: 100, current_value: 95, direction: 'maintain' })).toBe(50);
  });
  it('null when undefined', () => {
    expect(keyResultProgress({ target_value: 10, current_value: null })).toBeNull();
    expect(keyResultProgress({ baseline_value: 5, target_value: 5, current_value: 5, direction: 'increase' })).toBeNull();
  });
});

describe('ETags and If-Match', () => {
  it('changes with content and matches strongly', () => {
    const a = etagFor('{"a":1}');
    expect(a).not.toBe(etagFor('{"a":2}'));
    expect(ifMatchSatisfied(undefined, a)).toBe(true);
    expect(ifMatchSatisfied(a, a)).toBe(true);
    expect(ifMatchSatisfied(`"x", ${a}`, a)).toBe(true);
    expect(ifMatchSatisfied(`W/${a}`, a)).toBe(false);
    expect(ifMatchSatisfied('*', a)).toBe(true);
    expect(ifMatchSatisfied('*', undefined)).toBe(false);
  });
});

describe('merge patch (RFC 7396)', () => {
  it('merges objects, removes on null, replaces arrays', () => {
    expect(applyMergePatch({ a: 1, b: { c: 1, d: 2 }, t: [1] }, { b: { c: null, e: 3 }, t: [2], a: null })).toEqual({ b: { d: 2, e: 3 }, t: [2] });
  });
});

describe('sort and cursors', () => {
  it('parses sort and refuses unknown fields', () => {
    expect(parseSort('-updated_at', ['updated_at', 'name'], 'name')).toEqual({ field: 'updated_at', dir: 'desc' });
    expect(() => parseSort('doc', ['name'], 'name')).toThrow(/cannot sort by "doc"/);
  });
  it('round-trips cursors and refuses one from another sort or garbage', () => {
    const sort = { field: 'name', dir: 'asc' as const };
    expect(decodeCursor(encodeCursor(sort, 'Zed', 'M-1'), sort)).toEqual({ value: 'Zed', id: 'M-1' });
    expect(() => decodeCursor(encodeCursor(sort, 'Zed', 'M-1'), { field: 'name', dir: 'desc' })).toThrow(/different sort/);
    expect(() => decodeCursor('!!!', sort)).toThrow(/invalid cursor/);
  });
});

describe('searchTokens', () => {
  it('keeps only letters and digits, so no query grammar reaches the engine', () => {
    expect(searchTokens('ARR "growth" OR 1=1 -- NEAR(x*)')).toEqual(['ARR', 'growth', 'OR', '1', '1', 'NEAR', 'x']);
    expect(searchTokens('Café über')).toEqual(['Café', 'über']);
    expect(searchTokens('***')).toEqual([]);
  });
});
