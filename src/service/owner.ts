import { HuksTag, InternalTag } from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import { ParamSet, type Param } from '../params/param-set.js';
import type { Namespace } from '../store/types.js';
import type { Caller } from './types.js';

/**
 * HKS_TAG_ACCESS_TOKEN_ID (UINT|30021, storage.md §3). Not in the generated enums because no
 * caller may pass it; openhuks identifies the app by name instead and never stores it, but it
 * is still filtered from getKeyItemProperties should a record ever carry it.
 */
const ACCESS_TOKEN_ID = (0x20000000 | 30021) >>> 0;

/** Tags the core adds when it builds a key (storage.md §3 item 3); the owner tags go before. */
const CORE_TAGS = new Set<number>([
  HuksTag.HUKS_TAG_KEY_VERSION,
  HuksTag.HUKS_TAG_OS_VERSION,
  HuksTag.HUKS_TAG_OS_PATCHLEVEL,
  HuksTag.HUKS_TAG_KEY_FLAG,
]);

/** Set by the service only: a caller's copy is replaced, so the owner cannot be spoofed. */
const OWNER_TAGS: readonly number[] = [HuksTag.HUKS_TAG_PROCESS_NAME, HuksTag.HUKS_TAG_USER_ID];

/** Dropped from the core's list: the owner tags are re-added, KEY_OVERRIDE never stored (§7). */
const REPLACED = new Set<number>([...OWNER_TAGS, HuksTag.HUKS_TAG_KEY_OVERRIDE]);

/**
 * storage.md §3: what getKeyItemProperties never returns. HKS_TAG_SCREEN_STATE is listed there
 * too but has no number in tags.md; it is not on the service allow-list, so it cannot be stored.
 */
const SENSITIVE_TAGS = new Set<number>([
  HuksTag.HUKS_TAG_KEY,
  ACCESS_TOKEN_ID,
  InternalTag.HKS_TAG_USER_AUTH_ENROLL_ID_INFO,
  InternalTag.HKS_TAG_USER_AUTH_SECURE_UID,
  InternalTag.HKS_TAG_OWNER_ID,
  InternalTag.HKS_TAG_ACCOUNT_ID,
  InternalTag.HKS_TAG_DERIVE_MAIN_KEY_MODE,
]);

/** HKS_TAG_PROCESS_NAME of the standard build: the owner uid as 4 bytes, little-endian. */
export function processNameOf(uid: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, uid >>> 0, true);
  return out;
}

/**
 * The properties to store (storage.md §3): the core's caller tags, then the service's owner
 * tags (PROCESS_NAME, USER_ID, the effective AUTH_STORAGE_LEVEL if the caller omitted it,
 * SPECIFIC_USER_ID of an *AsUser call), then the core's own tags.
 */
export function withOwnerTags(
  properties: ParamSet,
  caller: Caller,
  ns: Namespace,
  request: ParamSet,
): ParamSet {
  const callerTags = properties.params.filter(
    (p) => !CORE_TAGS.has(p.tag) && !REPLACED.has(p.tag),
  );
  const coreTags = properties.params.filter((p) => CORE_TAGS.has(p.tag));
  const present = new Set(callerTags.map((p) => p.tag));

  const owner: Param[] = [
    { tag: HuksTag.HUKS_TAG_PROCESS_NAME, value: processNameOf(caller.uid) },
    { tag: HuksTag.HUKS_TAG_USER_ID, value: caller.userId },
  ];
  if (!present.has(HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL)) {
    owner.push({ tag: HuksTag.HUKS_TAG_AUTH_STORAGE_LEVEL, value: ns.level });
  }
  const specific = request.getNumber(InternalTag.HKS_TAG_SPECIFIC_USER_ID);
  if (specific !== undefined && !present.has(InternalTag.HKS_TAG_SPECIFIC_USER_ID)) {
    owner.push({ tag: InternalTag.HKS_TAG_SPECIFIC_USER_ID, value: specific });
  }
  return new ParamSet([...callerTags, ...owner, ...coreTags]);
}

/** The owner tags of a key's properties (storage.md §3), read once per cached key. */
export interface KeyOwner {
  /** The uid PROCESS_NAME encodes; undefined when it is absent or not 4 bytes. */
  readonly uid: number | undefined;
  /** SPECIFIC_USER_ID if stored, else USER_ID. */
  readonly user: number | undefined;
}

export function ownerOf(properties: ParamSet): KeyOwner {
  const name = properties.getBytes(HuksTag.HUKS_TAG_PROCESS_NAME);
  const uid = name === undefined || name.length !== 4
    ? undefined : (name[0]! | (name[1]! << 8) | (name[2]! << 16) | (name[3]! << 24)) >>> 0;
  const specific = properties.getNumber(InternalTag.HKS_TAG_SPECIFIC_USER_ID);
  return { uid, user: specific ?? properties.getNumber(HuksTag.HUKS_TAG_USER_ID) };
}

/**
 * storage.md §2.1, §5: a loaded key must name the caller as its owner (defence in depth
 * against a record in the wrong place): its uid, and its user (the *AsUser target if stored).
 * @throws HuksFailure -2 (12000012) on a mismatch.
 */
export function checkOwner(properties: ParamSet, caller: Caller, ns: Namespace): void {
  checkKeyOwner(ownerOf(properties), caller, ns);
}

/** checkOwner on owner tags read earlier. @throws HuksFailure -2 (12000012) on a mismatch. */
export function checkKeyOwner(owner: KeyOwner, caller: Caller, ns: Namespace): void {
  if (owner.uid === undefined || owner.uid !== caller.uid >>> 0) {
    throw new HuksFailure(HksErr.BAD_STATE, 'the key belongs to another process');
  }
  if (owner.user !== ns.userId) {
    throw new HuksFailure(HksErr.BAD_STATE, 'the key belongs to another user');
  }
}

/** getKeyItemProperties: the stored list in stored order minus the sensitive tags (§3). */
export function visibleProperties(properties: ParamSet): ParamSet {
  return new ParamSet(properties.params.filter((p) => !SENSITIVE_TAGS.has(p.tag)));
}
