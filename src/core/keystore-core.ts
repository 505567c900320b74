import {
  HuksImportKeyType as I, HuksKeyAlg as A, HuksKeyFlag, HuksTag as T,
} from '../common/enums.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { ParamSet } from '../params/param-set.js';
import { checkParamSetSanity } from '../params/sanity.js';
import {
  checkPasswordAtInit, hasNoAccessControl, openAccessGate,
} from './access/access-gate.js';
import { bindUserAuth } from './access/auth-binding.js';
import { GatedOperation } from './access/gated-operation.js';
import { NO_IDENTITY_SERVICE, type UserIamPort } from './access/iam-port.js';
import { clearKeyCaches } from './crypto/asym/key-cache.js';
import type { PreparedKey } from './crypto/family.js';
import { createCryptoOperation, familyOf, hasFamily } from './crypto/registry.js';
import { CoreSession } from './operation/session.js';
import { checkInit } from './params/init-checks.js';
import { checkGenerateOnly, checkImportPurpose, checkKeyParams } from './params/key-checks.js';
import { keyProperties } from './params/key-properties.js';
import { ownedCopy } from './params/read.js';
import {
  DEFAULT_PRIVATE_BLOB_LIMIT, IMPORT_ALGORITHMS, PRIVATE_BLOB_LIMIT,
} from './params/tables.js';
import type {
  CoreKey, CoreOperation, InlineKeystoreCore, KeyIdentity, KeystoreCore,
} from './types.js';
import { importWrapped } from './wrap/import-wrapped.js';
import { WorkerPool } from './workers/worker-pool.js';

/**
 * Families whose generation takes long enough to stall other callers (RSA-4096: about a second;
 * DSA and DH search primes). They run on worker threads; the others generate in well under a
 * millisecond, less than a round trip to a thread.
 */
const OFFLOADED_GENERATION: ReadonlySet<number> = new Set<number>([A.HUKS_ALG_RSA, A.HUKS_ALG_DSA,
  A.HUKS_ALG_DH]);

export interface KeystoreCoreOptions {
  /**
   * Slow work off the event loop (default true): RSA, DSA and DH generation on worker threads,
   * PBKDF2 of many iterations on libuv's pool; false does everything on the calling thread.
   */
  readonly offload?: boolean;
  /**
   * The user identity service (src/iam) the user-auth rules ask (access-control.md §9.1) and
   * whose AT keys verify tokens; without one, binding a key to user auth fails (12000015).
   */
  readonly iam?: UserIamPort;
}

/**
 * The keystore core: parameter rules (core/params), session rules (core/operation) and the
 * algorithm families (core/crypto/registry). Stateless apart from its worker pool, which starts
 * with the first slow request and ends with close(); plain key material lives only in the
 * returned CoreKey and in operations.
 */
export function createKeystoreCore(
  options: { readonly offload: false; readonly iam?: UserIamPort },
): InlineKeystoreCore;
export function createKeystoreCore(options?: KeystoreCoreOptions): KeystoreCore;
export function createKeystoreCore(options: KeystoreCoreOptions = {}): KeystoreCore {
  const offload = options.offload !== false;
  const pool = offload ? new WorkerPool() : undefined;
  const iam = options.iam ?? NO_IDENTITY_SERVICE;
  // The memo of prepared keys (PreparedKey, KeyIdentity) lives on the identities, so it lasts
  // as long as the service keeps the key in memory; close() takes a new token, which makes
  // every earlier memo stale at once.
  let memo: object = {};
  return {
    bindUserAuth: (params, owner) => bindUserAuth(params, owner, iam),
    checkDevicePassword: (properties) => {
      checkPasswordAtInit(properties, iam);
    },
    generateKey: (params) => generateKey(params, pool),
    importKey,
    importWrappedKey: (wrapping, params, wrapped) =>
      importWrapped(wrapping, params, wrapped, importKey),
    exportKey,
    initOperation: (properties, material, params, identity) =>
      initOperation(properties, material, params, { offload, iam,
        prepared: identity === undefined ? undefined : preparedOf(memo, identity) }),
    close: () => {
      // Loaded key objects cannot be zeroed from JavaScript: drop them for the collector.
      clearKeyCaches();
      memo = {};
      pool?.close();
    },
  };
}

/**
 * generateKeyItem, algorithms.md §1.2 in order, then the family's generator: on a worker thread
 * for the slow families (the result is then a promise), else right here.
 * @throws HuksFailure with the spec's internal code; -4 (12000001) for an algorithm without a
 *   family (ML-DSA, ML-KEM)
 */
function generateKey(params: ParamSet, pool: WorkerPool | undefined): CoreKey | Promise<CoreKey> {
  checkParamSetSanity(params);
  const key = checkKeyParams(params, 'generate');
  checkGenerateOnly(params, key);
  const family = familyOf(key.algorithm);
  const properties = keyProperties(params, HuksKeyFlag.HUKS_KEY_FLAG_GENERATE_KEY);
  if (pool === undefined || !OFFLOADED_GENERATION.has(key.algorithm)) {
    return { properties, material: family.generate(params) };
  }

  // The api layer builds type-consistent sets, and the properties are serialized for storage
  // anyway, so serializing the request fails (401) only where storing would have.
  const request = params.serialize();
  // The properties outlive the call: they get bytes of their own (service/types.ts).
  const kept = ownedCopy(properties);
  return pool.run({ kind: 'generate', algorithm: key.algorithm, params: request })
    .then((material) => ({ properties: kept, material }));
}

/**
 * importKeyItem, algorithms.md §1.4: conversion (steps 1-2, the family), the generation checks
 * (step 3), the family's size/header checks (steps 4-6), then the purpose per import type.
 * An importable algorithm without a family still gets steps 1 and 3, then -4 (12000001).
 * `innerPublic`: a public key already in the §3.6 inner format (wrapped import, §8.3), so the
 * X.509 conversion of step 1 is skipped.
 * @throws HuksFailure with the spec's internal code
 */
function importKey(params: ParamSet, inData: Uint8Array, innerPublic = false): CoreKey {
  checkParamSetSanity(params);
  const type = params.getNumber(T.HUKS_TAG_IMPORT_KEY_TYPE);
  const privateBlob = type === I.HUKS_KEY_TYPE_PRIVATE_KEY || type === I.HUKS_KEY_TYPE_KEY_PAIR;
  if (type !== undefined && !privateBlob && type !== I.HUKS_KEY_TYPE_PUBLIC_KEY) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, `IMPORT_KEY_TYPE ${type}`);
  }
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  if (privateBlob) {
    const limit = PRIVATE_BLOB_LIMIT.get(algorithm ?? -1) ?? DEFAULT_PRIVATE_BLOB_LIMIT;
    if (inData.length > limit) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT,
        `key data of ${inData.length} bytes exceeds ${limit}`);
    }
  } else if (algorithm === undefined) {
    throw new HuksFailure(HksErr.CHECK_GET_ALG_FAIL, 'ALGORITHM is missing');
  } else if (!IMPORT_ALGORITHMS.has(algorithm)) {
    throw new HuksFailure(HksErr.INVALID_ALGORITHM, `no key conversion for algorithm ${algorithm}`);
  }

  if (algorithm === undefined || !hasFamily(algorithm)) {
    // No conversion to run: the generic checks decide the code, else the algorithm is unsupported.
    const key = checkKeyParams(params, 'import');
    return unsupported(key.algorithm);
  }
  const family = familyOf(algorithm);
  const converted = innerPublic ? inData.slice() : family.parseImport(params, inData);
  const key = checkKeyParams(params, 'import');
  const material = family.checkImport(params, converted);
  checkImportPurpose(params, key);
  return { properties: keyProperties(params, HuksKeyFlag.HUKS_KEY_FLAG_IMPORT_KEY), material };
}

function unsupported(algorithm: number): never {
  throw new HuksFailure(HksErr.NOT_SUPPORTED, `algorithm ${algorithm} is not supported`);
}

/**
 * exportKeyItem (key-formats.md §5): the family's public key; symmetric families refuse (§5.7).
 * @throws HuksFailure from the family, -4 (12000001) without a family
 */
function exportKey(properties: ParamSet, material: Uint8Array): Uint8Array {
  const algorithm = properties.getNumber(T.HUKS_TAG_ALGORITHM);
  if (algorithm === undefined) {
    throw new HuksFailure(HksErr.CHECK_GET_ALG_FAIL, 'key has no ALGORITHM');
  }
  return familyOf(algorithm).exportPublic(properties, material);
}

/** What initOperation takes besides the request: the core's settings and the key's memo. */
interface InitContext {
  readonly offload: boolean;
  readonly iam: UserIamPort;
  readonly prepared: PreparedKey | undefined;
}

/** Where a prepared key and the token of the core that made it sit on the key's identity. */
const PREPARED = Symbol('openhuks.preparedKey');
const PREPARED_BY = Symbol('openhuks.preparedBy');

interface MemoHolder {
  [PREPARED]?: PreparedKey;
  [PREPARED_BY]?: object;
}

/**
 * The identity's memo of this core (`memo`, the core's current token). Properties of the
 * identity rather than a WeakMap: among 10,000 cached keys the lookup reads the object the
 * service hands over anyway, not a hash table.
 */
function preparedOf(memo: object, identity: KeyIdentity): PreparedKey {
  const holder = identity as MemoHolder;
  const known = holder[PREPARED];
  if (known !== undefined && holder[PREPARED_BY] === memo) return known;
  const prepared: PreparedKey = {};
  holder[PREPARED] = prepared;
  holder[PREPARED_BY] = memo;
  return prepared;
}

/**
 * initSession after the key is loaded, in the order of sessions.md §2.3: the device-password
 * check (step 5), the §1.5 checks (6), the user-auth challenge (7, access-control.md §5), then
 * the family's own init checks (8). The operation keeps its own copy of the material; on a
 * user-auth or password-flagged key it is wrapped in the token and password gate.
 * @throws HuksFailure with the spec's internal code
 */
function initOperation(properties: ParamSet, material: Uint8Array, params: ParamSet,
  context: InitContext): CoreOperation {
  const { offload, iam, prepared } = context;
  // Both access checks are pure over the properties and a no-op for most keys: the memo
  // remembers that, and a first init runs them as always.
  const free = prepared !== undefined
    && (prepared.noAccessControl ??= hasNoAccessControl(properties));
  const passwordUser = free ? undefined : checkPasswordAtInit(properties, iam);
  const plan = checkInit(properties, params);
  const gate = free ? undefined : openAccessGate(properties, params, plan.purpose, iam);
  const own = new Uint8Array(material);
  const spec = {
    purpose: plan.purpose,
    algorithm: plan.algorithm,
    keyParams: properties,
    runtime: plan.runtime,
    material: own,
    offload,
    prepared,
  };
  try {
    const session = new CoreSession(plan, spec, createCryptoOperation);
    if (gate === undefined && passwordUser === undefined) return session;
    return new GatedOperation(session, { iam, properties, purpose: plan.purpose, gate,
      passwordUser });
  } catch (error) {
    own.fill(0);
    throw error;
  }
}
