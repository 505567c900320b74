import { InternalTag, SERVICE_ACCEPTED_TAGS } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from './param-set.js';

/** openhuks has no batch mode (sessions.md §6.2): these tags are refused with 401. */
const BATCH_TAGS = new Set<number>([
  InternalTag.HKS_TAG_BATCH_PURPOSE,
  InternalTag.HKS_TAG_IS_BATCH_OPERATION,
  InternalTag.HKS_TAG_BATCH_OPERATION_TIMEOUT,
]);

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
    if (!SERVICE_ACCEPTED_TAGS.has(tag)) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} is not accepted`);
    }
    if (BATCH_TAGS.has(tag)) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `batch tag ${tag} is not supported`);
    }
    for (let j = 0; j < i; j++) {
      if (params[j]!.tag === tag) {
        throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} appears twice`);
      }
    }
  }
}
