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
 */
export function checkParamSetSanity(set: ParamSet): void {
  const seen = new Set<number>();
  for (const { tag } of set.params) {
    if (!SERVICE_ACCEPTED_TAGS.has(tag)) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} is not accepted`);
    }
    if (BATCH_TAGS.has(tag)) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `batch tag ${tag} is not supported`);
    }
    if (seen.has(tag)) throw new HuksFailure(HksErr.INVALID_ARGUMENT, `tag ${tag} appears twice`);
    seen.add(tag);
  }
}
