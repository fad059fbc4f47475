import type { KeyResult } from './schema.js';

/**
 * Key-result progress in percent, from baseline, target, current and direction:
 * - increase/decrease: share of the distance from baseline to target covered so far (baseline
 *   defaults to 0), clamped to 0..100; going the wrong way counts as 0.
 * - maintain: 100 while current equals target, falling linearly to 0 at a deviation equal to
 *   |target - baseline| (or |target| when no baseline).
 * Returns null when target or current is missing, or when target equals baseline for increase/decrease.
 */
export function keyResultProgress(kr: Pick<KeyResult, 'baseline_value' | 'target_value' | 'current_value' | 'direction'>): number | null {
  const { target_value: target, current_value: current } = kr;
  if (target == null || current == null) return null;
  const baseline = kr.baseline_value ?? 0;
  const direction = kr.direction || (target >= baseline ? 'increase' : 'decrease');
  let pct: number;
  if (direction === 'maintain') {
    const band = Math.abs(target - baseline) || Math.abs(target);
    if (band === 0) return current === target ? 100 : 0;
    pct = 100 * (1 - Math.abs(current - target) / band);
  } else {
    const span = direction === 'increase' ? target - baseline : baseline - target;
    if (span <= 0) return null;
    const covered = direction === 'increase' ? current - baseline : baseline - current;
    pct = (100 * covered) / span;
  }
  return Math.round(Math.min(100, Math.max(0, pct)) * 100) / 100;
}
