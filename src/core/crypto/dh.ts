/**
 * DH keys on the RFC 7919 FFDHE groups (algorithms.md §8.3; key-formats.md §3.4, §5.5, §9.1):
 * the secret is y_peer^x mod p, left-padded to len(p) and cut to KEY_SIZE/8 bytes.
 */

import {
  createPublicKey, diffieHellman, generateKeyPairSync, type KeyPairKeyObjectResult,
} from 'node:crypto';

import { HuksKeyAlg, HuksKeyPurpose, HuksTag } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { equalBytes, fromBigInt, padTo, stripZeros, toBigInt } from '../keys/bytes.js';
import { DerError } from '../keys/der.js';
import { encodeAsymKey } from '../keys/internal.js';
import { Layout } from '../keys/material.js';
import { dhPkcs8 } from '../keys/pkcs8.js';
import { encodeSpki, parseSpki } from '../keys/spki.js';
import { FFDHE_GENERATOR, ffdheGroup, type FfdheGroup } from './asym/ffdhe.js';
import {
  checkHeader, importTypeOf, invalidKeyInfo, readImported, requireLength, spkiToPubInfo,
  takePrivateBlob,
} from './asym/import-rules.js';
import { decodeAsymKey, fromKeyPair, privateKeyOf } from './asym/key-objects.js';
import { agreementOperation, engine, toBytes } from './asym/operations.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import { exportStoredSpki } from './asym/export-spki.js';

/** node supports 'dh' key generation; @types/node 20 lacks the overload. */
const generateDhKeyPair = generateKeyPairSync as unknown as (type: 'dh',
  options: { prime: Buffer; generator: number }) => KeyPairKeyObjectResult;

/** Component limit of the DH material checks (key-formats.md §3.4). */
const MAX_COMPONENT = 4096;
const G = fromBigInt(FFDHE_GENERATOR);

/**
 * @throws HuksFailure -3/-19 (401) bad SPKI or material, degenerate public values, missing
 *   KEY_SIZE, -113 (12000003) KEY_SIZE above the group, -4 (12000001) export of a private-only
 *   key, -31 (12000006) peer in another group
 */
export const dhFamily: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_DH,

  generate(params) {
    const group = groupOf(params);
    // OpenSSL recognises the FFDHE prime and uses the group's short private exponent.
    const { publicKey, privateKey } = generateDhKeyPair('dh', {
      prime: Buffer.from(group.pBytes), generator: Number(FFDHE_GENERATOR),
    });
    return fromKeyPair(publicKey, privateKey);
  },

  parseImport(params, inData) {
    return importTypeOf(params) === 'public' ? spkiToPubInfo(inData) : takePrivateBlob(inData);
  },

  checkImport(params, material) {
    const type = importTypeOf(params);
    const parsed = readImported(material, Layout.PAIR);
    checkHeader(parsed, params);
    const [y, x] = parsed.parts as [Uint8Array, Uint8Array];
    const group = groupOf(params);
    requireLength(y, 'public value', type === 'private' ? 0 : 1, MAX_COMPONENT);
    requireLength(x, 'private value', type === 'public' ? 0 : 1, MAX_COMPONENT);
    // Purposes: DH keys take any purpose §1.3 allows (only AGREE), whatever the import type.
    if (y.length > 0) checkPublicValue(group, y, invalidKeyInfo);
    const publicPart = y.length > 0
      ? { spki: encodeSpki({ kind: 'dh', p: group.pBytes, g: G, y }) }
      : {};
    if (type === 'public') return encodeAsymKey(publicPart);
    const X = toBigInt(x);
    if (X < 1n || X >= group.p - 1n) throw invalidKeyInfo('DH private value out of range');
    return encodeAsymKey({ ...publicPart, pkcs8: dhPkcs8(group.pBytes, G, x) });
  },

  exportPublic: (_params, material) => exportStoredSpki(material, 'DH'),

  createOperation(spec: OperationSpec): CryptoOperation {
    if (spec.purpose !== HuksKeyPurpose.HUKS_KEY_PURPOSE_AGREE
      || spec.algorithm !== HuksKeyAlg.HUKS_ALG_DH) {
      throw new HuksFailure(HksErr.INVALID_ALGORITHM,
        `DH keys have no operation for purpose ${spec.purpose}`);
    }
    const group = groupOf(spec.keyParams);
    const privateKey = privateKeyOf(decodeAsymKey(spec.material));
    return agreementOperation((peer) => {
      const size = spec.runtime.getNumber(HuksTag.HUKS_TAG_KEY_SIZE);
      if (size === undefined) {
        throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'DH agreement needs KEY_SIZE at init');
      }
      if (size > group.bits) {
        throw new HuksFailure(HksErr.INVALID_KEY_SIZE, `KEY_SIZE ${size} exceeds the group`);
      }
      const y = peerValue(peer, group);
      const spki = encodeSpki({ kind: 'dh', p: group.pBytes, g: G, y });
      const publicKey = engine(() =>
        createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' }), 'DH peer key');
      const secret = engine(() => toBytes(diffieHellman({ privateKey, publicKey })), 'DH');
      const full = padTo(secret, group.pBytes.length)!;
      return full.slice(0, Math.ceil(size / 8));
    });
  },
};

function groupOf(params: ParamSet): FfdheGroup {
  const size = params.getNumber(HuksTag.HUKS_TAG_KEY_SIZE);
  const group = size === undefined ? undefined : ffdheGroup(size);
  if (group === undefined) throw new HuksFailure(HksErr.INVALID_KEY_SIZE, `no FFDHE group ${size}`);
  return group;
}

/** y must not be 0, 1, p-1 or p (401); algorithms.md §1.4 and §8.3. */
function checkPublicValue(group: FfdheGroup, y: Uint8Array, fail: (d: string) => HuksFailure)
  : void {
  const Y = toBigInt(y);
  if (Y === 0n || Y === 1n || Y === group.p - 1n || Y === group.p) {
    throw fail('DH public value is 0, 1, p-1 or p');
  }
}

/**
 * The peer's y from its dhKeyAgreement SPKI: malformed or a degenerate y is 401, another
 * group or a y outside the group fails in the engine (12000006).
 */
function peerValue(peer: Uint8Array, group: FfdheGroup): Uint8Array {
  let parsed;
  try {
    parsed = parseSpki(peer);
  } catch (error) {
    if (error instanceof DerError) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, `malformed DH peer key: ${error.message}`);
    }
    throw error;
  }
  if (parsed.kind !== 'dh') throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'peer is not a DH key');
  checkPublicValue(group, parsed.y,
    (detail) => new HuksFailure(HksErr.INVALID_ARGUMENT, detail));
  if (!equalBytes(stripZeros(parsed.p), group.pBytes) || toBigInt(parsed.g) !== FFDHE_GENERATOR) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'peer key is in another DH group');
  }
  if (toBigInt(parsed.y) > group.p) {
    throw new HuksFailure(HksErr.CRYPTO_ENGINE_ERROR, 'peer value outside the group');
  }
  return parsed.y;
}
