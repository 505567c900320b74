import type { KeystoreClient } from '../client/types.js';
import { InternalTag } from '../common/enums.js';
import { HksErr, HuksFailure, isHuksFailure } from '../errors/failure.js';
import { ParamSet, type Param } from '../params/param-set.js';
import type { SessionHandle } from '../service/types.js';
import { certChainsOrNull, freshBytes, outDataOrNull, toHuksParams } from './results.js';
import type { HuksReturnResult, HuksSessionHandle } from './types.js';

/**
 * The asynchronous work of the alias-based v9+ functions, shared by their plain and *AsUser
 * forms: one client call each, and the result shaped as api.md §2.2 / §4 describe.
 */

/** What the synchronous parse produced for one call. */
export interface KeyRequest {
  readonly alias: Uint8Array;
  /** importWrappedKeyItem only: the alias of the wrapping key. */
  readonly wrappingAlias: Uint8Array;
  readonly params: ParamSet;
  /** options.inData, for the functions that require it; empty otherwise. */
  readonly inData: Uint8Array;
}

export interface KeyOp<T> {
  /** Number of alias arguments before `options` (2 for importWrappedKeyItem). */
  readonly aliases: 1 | 2;
  /** Whether `options.inData` is read (and then required: api.md §2.6). */
  readonly inData: boolean;
  /** Parameters the binding puts in front of the caller's (api.md §2.4). */
  readonly implicit: readonly Param[];
  run(client: KeystoreClient, request: KeyRequest): T | Promise<T>;
}

/** HKS_TAG_ATTESTATION_MODE values the client library adds (attestation.md §1). */
const ATTEST_MODE_DEFAULT = 0;
const ATTEST_MODE_ANONYMOUS = 1;

const BASE64_FLAG: Param = { tag: InternalTag.HKS_TAG_ATTESTATION_BASE64, value: true };

function op<T>(
  run: KeyOp<T>['run'],
  shape: Partial<Omit<KeyOp<T>, 'run'>> = {},
): KeyOp<T> {
  return {
    aliases: shape.aliases ?? 1,
    inData: shape.inData ?? false,
    implicit: shape.implicit ?? [],
    run,
  };
}

/*
 * Each run hands back the client's promise with one `then` that shapes the result, instead of
 * an async function awaiting it (one promise and a few microtask turns less per call).
 */

const toNull = (): null => null;

export const generateOp = op<null>((client, r) =>
  client.generateKey(r.alias, r.params).then(toNull),
);

export const deleteOp = op<null>((client, r) =>
  client.deleteKey(r.alias, r.params).then(toNull),
);

export const importOp = op<null>(
  (client, r) => client.importKey(r.alias, r.params, r.inData).then(toNull),
  { inData: true },
);

export const importWrappedOp = op<null>(
  (client, r) =>
    client.importWrappedKey(r.alias, r.wrappingAlias, r.params, r.inData).then(toNull),
  { aliases: 2, inData: true },
);

export const exportOp = op<HuksReturnResult | null>((client, r) =>
  client.exportKey(r.alias, r.params).then(outDataOrNull),
);

/** The stored set is delivered even when empty (api.md §2.2), BYTES values as ArrayBuffer. */
export const getPropertiesOp = op<HuksReturnResult>((client, r) =>
  client.getKeyProperties(r.alias, r.params).then((set) => ({ properties: toHuksParams(set) })),
);

/** isKeyItemExist never yields false: a missing key rejects with 12000011 (api.md §4.8). */
export const isExistOp = op<boolean>((client, r) =>
  client.keyExists(r.alias, r.params).then((exists) => {
    if (exists) return true;
    throw new HuksFailure(HksErr.NOT_EXIST, 'key not found');
  }),
);

/** hasKeyItem: a missing key (internal -13) is success with `false` (errors.md §5). */
export const hasOp = op<boolean>((client, r) =>
  client.keyExists(r.alias, r.params).then(undefined, (error: unknown) => {
    if (isHuksFailure(error) && error.internal === HksErr.NOT_EXIST) return false;
    throw error;
  }),
);

/** In process the session is opened within the call (KeystoreClient.direct). */
export const initSessionOp = op<HuksSessionHandle>((client, r) =>
  client.direct !== undefined
    ? sessionResult(client.direct.initSession(r.alias, r.params))
    : client.initSession(r.alias, r.params).then(sessionResult),
);

function sessionResult(session: SessionHandle): HuksSessionHandle {
  const result: HuksSessionHandle = { handle: session.handle };
  if (session.challenge && session.challenge.length > 0) {
    result.challenge = freshBytes(session.challenge);
  }
  return result;
}

/**
 * The binding puts ATTESTATION_BASE64 = true in front; the client library then appends the
 * attestation mode, which the client interface has no other way to carry (attestation.md §1).
 */
function attestOp(mode: number): KeyOp<HuksReturnResult | null> {
  return op(
    async (client, r) => {
      const modeParam: Param = { tag: InternalTag.HKS_TAG_ATTESTATION_MODE, value: mode };
      const params = new ParamSet([...r.params.params, modeParam]);
      return certChainsOrNull(await client.attestKey(r.alias, params));
    },
    { implicit: [BASE64_FLAG] },
  );
}

export const attestOpDefault = attestOp(ATTEST_MODE_DEFAULT);
export const attestOpAnonymous = attestOp(ATTEST_MODE_ANONYMOUS);
