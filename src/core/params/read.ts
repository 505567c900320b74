import { HksErr, HuksFailure } from '../../errors/failure.js';
import { ParamSet } from '../../params/param-set.js';

/**
 * Readers for bytes-typed tags. A present-but-empty value is an invalid blob whenever the
 * keystore reads it (algorithms.md §1.1 step 3): 401 (internal -3).
 */

/** An optional bytes tag: undefined when absent. @throws HuksFailure -3 when empty. */
export function optionalBytes(params: ParamSet, tag: number, name: string): Uint8Array | undefined {
  const value = params.getBytes(tag);
  if (value !== undefined && value.length === 0) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `${name} is empty`);
  }
  return value;
}

/** A required bytes tag. @throws HuksFailure `missing` when absent, -3 when empty. */
export function requiredBytes(params: ParamSet, tag: number, name: string,
  missing: number): Uint8Array {
  const value = optionalBytes(params, tag, name);
  if (value === undefined) throw new HuksFailure(missing, `${name} is missing`);
  return value;
}

/**
 * A copy of a parameter set that shares no bytes with it, for an operation that reads its init
 * set after initSession returned: the caller may reuse its buffers by then (service/types.ts).
 */
export function ownedCopy(params: ParamSet): ParamSet {
  return new ParamSet(params.params.map(({ tag, value }) =>
    ({ tag, value: value instanceof Uint8Array ? value.slice() : value })));
}
