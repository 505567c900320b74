import { HksErr, HuksFailure } from '../../errors/failure.js';
import { DEFINED_PURPOSES, PURPOSE_CATEGORIES } from './tables.js';

/** The §1.3 category (a mask) that holds every defined bit of `purpose`, if there is one. */
export function purposeCategory(purpose: number): number | undefined {
  const defined = purpose & DEFINED_PURPOSES;
  if (defined === 0) return undefined;
  return PURPOSE_CATEGORIES.find((category) => (defined & ~category) === 0);
}

/** Exactly one defined purpose bit and nothing else (the shape of an init purpose). */
export function isSinglePurpose(purpose: number): boolean {
  return purpose > 0 && (purpose & (purpose - 1)) === 0 && (purpose & DEFINED_PURPOSES) === purpose;
}

/**
 * algorithms.md §1.3: one category only, at least one defined bit, no bit the algorithm forbids.
 * @throws HuksFailure INVALID_PURPOSE (12000003)
 */
export function checkPurposeValidity(purpose: number, forbidden: number): void {
  if (purposeCategory(purpose) === undefined) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE, `purpose ${purpose} mixes categories or is 0`);
  }
  if ((purpose & forbidden) !== 0) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE, `purpose ${purpose} is forbidden here`);
  }
}
