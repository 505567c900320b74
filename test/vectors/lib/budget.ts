import type { VTest } from './files.js';

/**
 * `npm test` must stay within its time budget, and some keys are slow to import or use (an
 * RSA-4096 key pair imports in about a second, a P-521 agreement takes ~15 ms). In the default
 * run those files execute a fixed, named sample; OPENHUKS_VECTORS=all runs every vector.
 */
export const FULL = process.env['OPENHUKS_VECTORS'] === 'all';

export const BUDGET_REASON = 'time budget of npm test (OPENHUKS_VECTORS=all runs it)';

/** Every invalid test, and one in `k` of the others (always the first). */
export function sampled(t: VTest, k: number): boolean {
  return FULL || t.result === 'invalid' || t.tcId % k === 1;
}
