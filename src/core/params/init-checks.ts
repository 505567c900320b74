import {
  HuksKeyAlg as A, HuksKeyPadding as P, HuksKeyPurpose as U, HuksTag as T,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { Param, ParamSet } from '../../params/param-set.js';
import {
  AGREE_KEY_ALGORITHM, DIGEST_ALGORITHMS, DIGEST_EXEMPT, POLICY_ROWS, PURPOSE_ALGORITHMS,
  REQUIRED_INIT_TAGS, type PolicyRow,
} from './init-tables.js';
import { checkPaddingCompatibility } from './key-checks.js';
import { isSinglePurpose } from './purpose.js';
import { DERIVE_TABLE, GENERATE_TABLE, MAC_TABLE, type ParamTable } from './tables.js';

/** What initSession decided: the operation to start and its effective parameters. */
export interface InitPlan {
  /** The single init purpose bit. */
  readonly purpose: number;
  /** The init ALGORITHM (the key's own, or ECDH / HKDF / PBKDF2 / HMAC for operations). */
  readonly algorithm: number;
  /** The stored key's ALGORITHM. */
  readonly keyAlgorithm: number;
  /** The init set with the key's policy tags filled in (OperationSpec.runtime). */
  readonly runtime: ParamSet;
  /** Derive only: the policy comparison that runs at the first update (§10). */
  readonly deferredPolicy?: PolicyRow;
}

const SIGNING = U.HUKS_KEY_PURPOSE_SIGN | U.HUKS_KEY_PURPOSE_VERIFY;

/** The 12000002 code for a policy tag the key lacks and init omits or gives wrongly. */
const MISSING_CODE: ReadonlyMap<number, number> = new Map([
  [T.HUKS_TAG_ALGORITHM, HksErr.CHECK_GET_ALG_FAIL],
  [T.HUKS_TAG_PADDING, HksErr.CHECK_GET_PADDING_FAIL],
  [T.HUKS_TAG_DIGEST, HksErr.CHECK_GET_DIGEST_FAIL],
  [T.HUKS_TAG_BLOCK_MODE, HksErr.CHECK_GET_MODE_FAIL],
]);

const fail = (code: number, detail: string): never => {
  throw new HuksFailure(code, detail);
};

/**
 * algorithms.md §1.5 steps 2-5: the initSession checks between the stored key and the request,
 * in order. Algorithm-specific checks (IV, nonce, tag, ...) follow in the family.
 * @throws HuksFailure -3/-30 (401), -100..-105 (12000002), -112/-114 (12000003)
 */
export function checkInit(keyParams: ParamSet, params: ParamSet): InitPlan {
  // Step 1 (tag allow-list, duplicates) is the service's, before the key is loaded
  // (sessions.md §2.3 step 2); repeating it here would cost every session for nothing.
  const purpose = params.getNumber(T.HUKS_TAG_PURPOSE);
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  if (purpose === undefined || algorithm === undefined) {
    return fail(HksErr.INVALID_ARGUMENT, 'init needs ALGORITHM and PURPOSE');
  }
  if (!isSinglePurpose(purpose)) return fail(HksErr.INVALID_ARGUMENT, `init purpose ${purpose}`);

  const needsDigest = (purpose & SIGNING) !== 0 || DIGEST_ALGORITHMS.has(algorithm);
  if (needsDigest && !DIGEST_EXEMPT.has(algorithm) && !params.has(T.HUKS_TAG_DIGEST)) {
    return fail(HksErr.PARAM_NOT_EXIST, 'init needs DIGEST for this operation');
  }
  const required = rowFor(REQUIRED_INIT_TAGS, requiredCache, purpose, algorithm);
  if (required !== undefined) {
    for (const tag of required.tags) {
      if (!params.has(tag)) fail(HksErr.PARAM_NOT_EXIST, `init needs tag ${tag} here`);
    }
  }

  const keyPurpose = keyParams.getNumber(T.HUKS_TAG_PURPOSE);
  if (keyPurpose === undefined) return fail(HksErr.CHECK_GET_PURPOSE_FAIL, 'key has no PURPOSE');
  if ((keyPurpose & purpose) !== purpose) {
    return fail(HksErr.INVALID_ARGUMENT, `init purpose ${purpose} is not a purpose of the key`);
  }
  const keyAlgorithm = keyParams.getNumber(T.HUKS_TAG_ALGORITHM);
  if (keyAlgorithm === undefined) return fail(HksErr.CHECK_GET_ALG_FAIL, 'key has no ALGORITHM');

  if (purpose !== U.HUKS_KEY_PURPOSE_DERIVE) {
    checkAlgorithmSuitsPurpose(purpose, algorithm, keyAlgorithm);
  }

  const row = rowFor(POLICY_ROWS, policyCache, purpose, algorithm);
  if (row === undefined) {
    return fail(HksErr.INVALID_ALGORITHM, `no operation for ${algorithm}/${purpose}`);
  }
  if (row.atFirstUpdate) {
    return { purpose, algorithm, keyAlgorithm, runtime: params, deferredPolicy: row };
  }

  checkPolicy(row, keyParams, params, keyAlgorithm, purpose);
  const runtime = fillPolicyTags(row, keyParams, params);
  checkPaddingCompatibility(keyAlgorithm, purpose, runtime.getNumber(T.HUKS_TAG_BLOCK_MODE),
    runtime.getNumber(T.HUKS_TAG_PADDING));
  return { purpose, algorithm, keyAlgorithm, runtime };
}

/**
 * §1.5 step 5, the key-versus-init comparison of one policy row. Exported for derive, whose
 * comparison runs at the first update (§10).
 * @throws HuksFailure -30/-3 (401) when the key has the tag; -100..-105 (12000002) when not
 */
export function checkPolicy(row: PolicyRow, keyParams: ParamSet, params: ParamSet,
  keyAlgorithm: number, purpose: number): void {
  for (const tag of row.tags) {
    if (tag === T.HUKS_TAG_PURPOSE) continue; // compared as a subset above (§1.5 step 4)
    const keyValue = keyParams.getNumber(tag);
    const value = params.getNumber(tag);
    if (keyValue !== undefined) {
      if (value === undefined) fail(HksErr.PARAM_NOT_EXIST, `init lacks tag ${tag} the key has`);
      if (value !== keyValue) fail(HksErr.INVALID_ARGUMENT, `init tag ${tag} differs from the key`);
      continue;
    }
    if (tag === T.HUKS_TAG_ALGORITHM) fail(HksErr.CHECK_GET_ALG_FAIL, 'key has no ALGORITHM');
    if (value === undefined && digestOptional(tag, keyAlgorithm, purpose, params)) continue;
    const allowed = listFor(tableFor(keyAlgorithm, purpose), tag);
    if (allowed === undefined) continue;
    if (value === undefined || !allowed.includes(value)) {
      fail(MISSING_CODE.get(tag)!, `tag ${tag} missing or invalid for algorithm ${keyAlgorithm}`);
    }
  }
}

function checkAlgorithmSuitsPurpose(purpose: number, algorithm: number,
  keyAlgorithm: number): void {
  if (!PURPOSE_ALGORITHMS.get(purpose)?.has(algorithm)) {
    fail(HksErr.INVALID_ALGORITHM, `algorithm ${algorithm} does not suit purpose ${purpose}`);
  }
  if (purpose === U.HUKS_KEY_PURPOSE_AGREE && AGREE_KEY_ALGORITHM.get(algorithm) !== keyAlgorithm) {
    fail(HksErr.INVALID_ALGORITHM, `agreement ${algorithm} cannot run on a key of ${keyAlgorithm}`);
  }
}

const policyCache = new Map<number, PolicyRow | null>();
const requiredCache = new Map<number, PolicyRow | null>();

/** The first row for (purpose, algorithm); remembered, since init runs on every session. */
function rowFor(rows: readonly PolicyRow[], cache: Map<number, PolicyRow | null>, purpose: number,
  algorithm: number): PolicyRow | undefined {
  const key = purpose * 0x10000 + algorithm;
  let row = cache.get(key);
  if (row === undefined) {
    row = rows.find((r) => r.purposes.includes(purpose)
      && (r.algorithms === undefined || r.algorithms.includes(algorithm))) ?? null;
    if (cache.size < 4096) cache.set(key, row); // bounded: purposes and algorithms are few
  }
  return row ?? undefined;
}

/** §1.5 exception: RSA encryption with padding NONE or PKCS1_V1_5 needs no digest. */
function digestOptional(tag: number, keyAlgorithm: number, purpose: number,
  params: ParamSet): boolean {
  if (tag !== T.HUKS_TAG_DIGEST || keyAlgorithm !== A.HUKS_ALG_RSA) return false;
  if ((purpose & (U.HUKS_KEY_PURPOSE_ENCRYPT | U.HUKS_KEY_PURPOSE_DECRYPT)) === 0) return false;
  const padding = params.getNumber(T.HUKS_TAG_PADDING);
  return padding === P.HUKS_PADDING_NONE || padding === P.HUKS_PADDING_PKCS1_V1_5;
}

/** The table that decides init values for a key lacking the tag (MAC/DERIVE have their own). */
function tableFor(keyAlgorithm: number, purpose: number): ParamTable | undefined {
  if (purpose === U.HUKS_KEY_PURPOSE_MAC) return MAC_TABLE.get(keyAlgorithm);
  if (purpose === U.HUKS_KEY_PURPOSE_DERIVE) return DERIVE_TABLE.get(keyAlgorithm);
  return GENERATE_TABLE.get(keyAlgorithm);
}

function listFor(table: ParamTable | undefined, tag: number): readonly number[] | undefined {
  switch (tag) {
    case T.HUKS_TAG_PADDING: return table?.paddings;
    case T.HUKS_TAG_DIGEST: return table?.digests;
    case T.HUKS_TAG_BLOCK_MODE: return table?.modes;
    default: return undefined;
  }
}

/** The init set plus the key's values of the row's tags that init left out (usually none). */
function fillPolicyTags(row: PolicyRow, keyParams: ParamSet, params: ParamSet): ParamSet {
  const extra: Param[] = [];
  for (const tag of row.tags) {
    if (params.has(tag)) continue;
    const value = keyParams.get(tag);
    if (value !== undefined) extra.push({ tag, value });
  }
  return extra.length === 0 ? params : params.with(...extra);
}
