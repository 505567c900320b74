import { HuksTag as T } from '../../common/enums.js';
import type { ParamSet } from '../../params/param-set.js';

/** storage.md §3: the blob version the core writes, and the dummy OS version/patch level. */
export const KEY_VERSION = 3;
const OS_VERSION = 1;
const OS_PATCHLEVEL = 1;

/**
 * The properties the core hands over for storage (storage.md §3 item 3): the caller's tags
 * minus HUKS_TAG_KEY_OVERRIDE, then KEY_VERSION, OS_VERSION, OS_PATCHLEVEL and KEY_FLAG
 * (HuksKeyFlag: 1 imported, 2 generated, 3 agreed, 4 derived).
 */
export function keyProperties(params: ParamSet, keyFlag: number): ParamSet {
  return params.without(T.HUKS_TAG_KEY_OVERRIDE).with(
    { tag: T.HUKS_TAG_KEY_VERSION, value: KEY_VERSION },
    { tag: T.HUKS_TAG_OS_VERSION, value: OS_VERSION },
    { tag: T.HUKS_TAG_OS_PATCHLEVEL, value: OS_PATCHLEVEL },
    { tag: T.HUKS_TAG_KEY_FLAG, value: keyFlag },
  );
}
