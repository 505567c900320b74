/**
 * Key handling shared by X25519 and Ed25519 (key-formats.md §2, §3.4, §5.6): raw 32-byte public
 * and private keys, the pub‖priv pair material, and raw 32-byte export.
 */

import { generateKeyPairSync } from 'node:crypto';

import { HksErr, HuksFailure } from '../../../errors/failure.js';
import type { ParamSet } from '../../../params/param-set.js';
import { encodeAsymKey, type AsymKey } from '../../keys/internal.js';
import { Layout, writeMaterial } from '../../keys/material.js';
import { rawCurve25519PubInfo } from '../../keys/pub-info.js';
import { curve25519Pkcs8 } from '../../keys/pkcs8.js';
import { encodeSpki, parseSpki } from '../../keys/spki.js';
import {
  checkHeader, checkImportPurpose, importTypeOf, invalidKeyInfo, readImported, requireLength,
  takePrivateBlob,
} from './import-rules.js';
import { decodeAsymKey, fromKeyPair } from './key-objects.js';

export type Curve25519Kind = 'x25519' | 'ed25519';

const KEY_BYTES = 32;
/** Component limit of the Curve25519 material checks (key-formats.md §3.4). */
const MAX_COMPONENT = 256;

export interface Curve25519Rules {
  readonly kind: Curve25519Kind;
  readonly alg: number;
  readonly publicPurposes: readonly number[] | 'any';
  readonly privatePurposes: readonly number[] | 'any';
}

export function generateCurve25519(kind: Curve25519Kind): Uint8Array {
  const { publicKey, privateKey } = kind === 'x25519'
    ? generateKeyPairSync('x25519')
    : generateKeyPairSync('ed25519');
  return fromKeyPair(publicKey, privateKey);
}

/**
 * Step 1/2 of the import: a public or private key is exactly 32 raw bytes (401 otherwise; the
 * 52-byte "private material" of the docs is refused like any other length), a pair is material.
 */
export function parseCurve25519Import(rules: Curve25519Rules, params: ParamSet,
  inData: Uint8Array): Uint8Array {
  const type = importTypeOf(params);
  if (type === 'pair') return takePrivateBlob(inData);
  if (inData.length !== KEY_BYTES) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `a raw ${rules.kind} key is ${KEY_BYTES} bytes, got ${inData.length}`);
  }
  if (type === 'public') return rawCurve25519PubInfo(rules.alg, inData);
  const parts = [new Uint8Array(0), inData];
  return writeMaterial({ alg: rules.alg, keySize: 256, parts }, Layout.PAIR);
}

export function checkCurve25519Import(rules: Curve25519Rules, params: ParamSet,
  material: Uint8Array): Uint8Array {
  const type = importTypeOf(params);
  const parsed = readImported(material, Layout.PAIR);
  checkHeader(parsed, params);
  const [pub, priv] = parsed.parts as [Uint8Array, Uint8Array];
  requireLength(pub, 'public key', type === 'private' ? 0 : 1, MAX_COMPONENT);
  requireLength(priv, 'private key', type === 'public' ? 0 : 1, MAX_COMPONENT);
  // KEY_PAIR takes any purpose §1.3 allows; public and private keys have their own lists.
  const allowed = type === 'public' ? rules.publicPurposes
    : type === 'private' ? rules.privatePurposes : 'any';
  checkImportPurpose(params, allowed, type);
  // node:crypto (RFC 7748 / RFC 8032) takes exactly 32-byte keys.
  if (pub.length !== 0 && pub.length !== KEY_BYTES) throw invalidKeyInfo('public key not 32 bytes');
  if (priv.length !== 0 && priv.length !== KEY_BYTES) {
    throw invalidKeyInfo('private key not 32 bytes');
  }
  if (type === 'public') return encodeAsymKey({ spki: encodeSpki({ kind: rules.kind, raw: pub }) });
  return encodeAsymKey({
    ...(pub.length > 0 ? { spki: encodeSpki({ kind: rules.kind, raw: pub }) } : {}),
    pkcs8: curve25519Pkcs8(rules.kind, priv),
  });
}

/** The raw 32 public bytes; a key stored without them gives 401, never a recomputation (§5.7). */
export function exportCurve25519(material: Uint8Array): Uint8Array {
  const key: AsymKey = decodeAsymKey(material);
  if (key.spki === undefined) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'key was imported without its public key');
  }
  const parsed = parseSpki(key.spki);
  if (parsed.kind !== 'x25519' && parsed.kind !== 'ed25519') {
    throw new HuksFailure(HksErr.INVALID_KEY_FILE, 'stored key is not a Curve25519 key');
  }
  return parsed.raw.slice();
}
