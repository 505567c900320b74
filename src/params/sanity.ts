import { InternalTag, SERVICE_ACCEPTED_TAGS } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from './param-set.js';

/** openhuks has no batch mode (sessions.md §6.2): these tags are refused with 401. */
const BATCH_PURPOSE = InternalTag.HKS_TAG_BATCH_PURPOSE;
const IS_BATCH = InternalTag.HKS_TAG_IS_BATCH_OPERATION;
const BATCH_TIMEOUT = InternalTag.HKS_TAG_BATCH_OPERATION_TIMEOUT;

/**
 * The allow-list by tag id (the low 28 bits) to a mask of the accepted type nibbles. Tags of
 * types BYTES and up exceed V8's small integers, and a Set of such numbers hashes a heap
 * number per lookup; ids are small integers, so this lookup is several times cheaper.
 */
const ACCEPTED_TYPES: ReadonlyMap<number, number> = (() => {
  const byId = new Map<number, number>();
  for (const tag of SERVICE_ACCEPTED_TAGS) {
    const id = tag & 0x0fffffff;
    byId.set(id, (byId.get(id) ?? 0) | (1 << (tag >>> 28)));
  }
  return byId;
})();

/** SERVICE_ACCEPTED_TAGS.has(tag), through ACCEPTED_TYPES. */
function isAccepted(tag: number): boolean {
  const types = ACCEPTED_TYPES.get(tag & 0x0fffffff);
  return types !== undefined && ((types >>> (tag >>> 28)) & 1) === 1;
}

/**
 * algorithms.md §1.1 step 2: every tag must be on the service allow-list and appear once;
 * otherwise the whole set is refused (internal -3, delivered as 401 "Invalid parameters.").
 * Runs on every request: the duplicate check compares each tag with the ones before it instead
 * of building a Set. It stays bounded: a set gets past tag i only if tags 0..i-1 are distinct
 * allow-listed tags, so i never exceeds the allow-list's size.
 */
export function checkParamSetSanity(set: ParamSet): void {
  const params = set.params;
  for (let i = 0; i < params.length; i++) {
    const tag = params[i]!.tag;
    if (!isAccepted(tag)) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} is not accepted`);
    }
    if (tag === BATCH_PURPOSE || tag === IS_BATCH || tag === BATCH_TIMEOUT) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `batch tag ${tag} is not supported`);
    }
    for (let j = 0; j < i; j++) {
      if (params[j]!.tag === tag) {
        throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} appears twice`);
      }
    }
  }
}
