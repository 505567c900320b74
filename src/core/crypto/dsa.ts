/**
 * DSA keys (algorithms.md §7; key-formats.md §3.3, §5.4): FIPS 186 generation with q of 160 bits
 * below L = 2048 and 256 bits from there, DER signatures with a running hash or over a prehash.
 */

import {
  createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject,
} from 'node:crypto';

import { HuksKeyAlg, HuksKeyDigest, HuksKeyPurpose, HuksTag } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import { fromBigInt, toBigInt } from '../keys/bytes.js';
import { DerError } from '../keys/der.js';
import { encodeAsymKey, type AsymKey } from '../keys/internal.js';
import { Layout } from '../keys/material.js';
import { dsaPkcs8, parseFfcPkcs8 } from '../keys/pkcs8.js';
import { decodeDerSignature, encodeDerSignature } from '../keys/signature.js';
import { encodeSpki, parseSpki } from '../keys/spki.js';
import { digestByLength, digestSpec } from './asym/digest.js';
import {
  dsaSignPrehashed, dsaVerifyPrehashed, generateDsaParams, type DsaParams,
} from './asym/dsa-math.js';
import {
  checkHeader, checkImportPurpose, importTypeOf, invalidKeyInfo, readImported, requireLength,
  spkiToPubInfo, takePrivateBlob,
} from './asym/import-rules.js';
import { decodeAsymKey, fromKeyPair, privateKeyOf, publicKeyOf } from './asym/key-objects.js';
import {
  cachedOperation, cachedVerify, hashedSign, hashedVerify, toBytes,
} from './asym/operations.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';
import { exportStoredSpki } from './asym/export-spki.js';

const P = HuksKeyPurpose;

/** Component limit of the DSA material checks (key-formats.md §3.3). */
const MAX_COMPONENT = 2048;

/**
 * @throws HuksFailure -3/-19 (401) bad SPKI, material or hash length, -115 (12000003) purpose
 *   per import type, -4 (12000001) export of a private-only key, -31 (12000006) verification
 */
export const dsaFamily: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_DSA,

  generate(params) {
    const requested = params.getNumber(HuksTag.HUKS_TAG_KEY_SIZE)!;
    // L = max(ceil(keySize/8), 64) bytes rounded up to 8 (key-formats.md §3.3).
    const lBytes = Math.ceil(Math.max(Math.ceil(requested / 8), 64) / 8) * 8;
    const lBits = lBytes * 8;
    const nBits = lBytes >= 256 ? 256 : 160;
    if (lBits >= 1024) {
      const { publicKey, privateKey } = generateKeyPairSync('dsa', {
        modulusLength: lBits, divisorLength: nBits,
      });
      return fromKeyPair(publicKey, privateKey);
    }
    // OpenSSL 3 generates no domain parameters below 1024 bits; they are made here instead.
    return generateSmall(generateDsaParams(lBits, nBits));
  },

  parseImport(params, inData) {
    return importTypeOf(params) === 'public' ? spkiToPubInfo(inData) : takePrivateBlob(inData);
  },

  checkImport(params, material) {
    const type = importTypeOf(params);
    const parsed = readImported(material, Layout.DSA);
    // A public key's header size is derived from y alone, so it is not compared (§1.4 step 6).
    checkHeader(parsed, params, type !== 'public');
    const [x, y, p, q, g] = parsed.parts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array,
      Uint8Array];
    for (const [name, part] of [['p', p], ['q', q], ['g', g]] as const) {
      requireLength(part, name, 1, MAX_COMPONENT);
    }
    requireLength(y, 'y', type === 'private' ? 0 : 1, MAX_COMPONENT);
    requireLength(x, 'x', type === 'public' ? 0 : 1, MAX_COMPONENT);
    const publicPart = y.length > 0 ? { spki: checkedSpki(p, q, g, y) } : {};
    if (type === 'public') {
      checkImportPurpose(params, [P.HUKS_KEY_PURPOSE_VERIFY], type);
      return encodeAsymKey(publicPart);
    }
    if (type === 'private') checkImportPurpose(params, [P.HUKS_KEY_PURPOSE_SIGN], type);
    const X = toBigInt(x);
    if (X < 1n || X >= toBigInt(q)) throw invalidKeyInfo('DSA x out of range');
    return encodeAsymKey({ ...publicPart, pkcs8: dsaPkcs8(p, q, g, x) });
  },

  exportPublic: (_params, material) => exportStoredSpki(material, 'DSA'),

  createOperation(spec: OperationSpec): CryptoOperation {
    const sign = spec.purpose === P.HUKS_KEY_PURPOSE_SIGN;
    if (!sign && spec.purpose !== P.HUKS_KEY_PURPOSE_VERIFY) {
      throw new HuksFailure(HksErr.INVALID_PURPOSE, `DSA has no operation for ${spec.purpose}`);
    }
    const key = decodeAsymKey(spec.material);
    const digest = spec.runtime.getNumber(HuksTag.HUKS_TAG_DIGEST)
      ?? HuksKeyDigest.HUKS_DIGEST_NONE;
    if (digest === HuksKeyDigest.HUKS_DIGEST_NONE) return prehashedOperation(sign, key);
    const hash = digestSpec(digest);
    if (hash === undefined || digest === HuksKeyDigest.HUKS_DIGEST_MD5) {
      throw new HuksFailure(HksErr.INVALID_DIGEST, `digest ${digest} is not a DSA digest`);
    }
    const keyObject = sign ? privateKeyOf(key) : publicKeyOf(key);
    const options = { key: keyObject, dsaEncoding: 'der' as const };
    return sign
      ? hashedSign(hash.node, options)
      : hashedVerify(hash.node, (verifier, sig) => verifier.verify(options, sig));
  },
};

function generateSmall(params: DsaParams): Uint8Array {
  const [p, q, g] = [fromBigInt(params.p), fromBigInt(params.q), fromBigInt(params.g)];
  const x = fromBigInt(1n + toBigInt(new Uint8Array(createRandomBelow(params.q - 1n))));
  const privateKey = createPrivateKey({
    key: Buffer.from(dsaPkcs8(p, q, g, x)), format: 'der', type: 'pkcs8',
  });
  return fromKeyPair(createPublicKey(privateKey), privateKey);
}

function createRandomBelow(bound: bigint): Uint8Array {
  const length = Math.ceil(bound.toString(16).length / 2) + 8;
  // 64 extra bits make the modular reduction's bias negligible (FIPS 186-4 B.1.1).
  const wide = toBigInt(randomBytes(length));
  return fromBigInt(wide % bound);
}

/** The SPKI of (p, q, g, y), which must load into the engine (401 otherwise). */
function checkedSpki(p: Uint8Array, q: Uint8Array, g: Uint8Array, y: Uint8Array): Uint8Array {
  const spki = encodeSpki({ kind: 'dsa', p, q, g, y });
  try {
    createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch {
    throw invalidKeyInfo('DSA public key does not load');
  }
  return spki;
}

/** DIGEST NONE: the cached input is the hash (16..64 bytes, else 401). */
function prehashedOperation(sign: boolean, key: AsymKey): CryptoOperation {
  const requireHash = (hash: Uint8Array): void => {
    if (digestByLength(hash.length) === undefined) {
      throw new HuksFailure(HksErr.INVALID_KEY_INFO, `${hash.length} bytes is not a hash length`);
    }
  };
  if (sign) {
    const { params, x } = components(key, privateKeyOf(key));
    return cachedOperation((hash) => {
      requireHash(hash);
      return encodeDerSignature(dsaSignPrehashed(params, x!, hash));
    });
  }
  const { params, y } = components(key, undefined);
  return cachedVerify((hash, sig) => {
    requireHash(hash);
    try {
      return dsaVerifyPrehashed(params, y!, hash, decodeDerSignature(sig));
    } catch (error) {
      if (error instanceof DerError) return false;
      throw error;
    }
  });
}

function components(key: AsymKey, privateKey: KeyObject | undefined)
  : { params: DsaParams; x?: bigint; y?: bigint } {
  const big = (v: Uint8Array): bigint => toBigInt(v);
  if (privateKey !== undefined) {
    const der = toBytes(privateKey.export({ type: 'pkcs8', format: 'der' }));
    const { params: [p, q, g], x } = parseFfcPkcs8(der);
    return { params: { p: big(p!), q: big(q!), g: big(g!) }, x: big(x) };
  }
  const spki = toBytes(publicKeyOf(key).export({ type: 'spki', format: 'der' }));
  const parsed = parseSpki(spki);
  if (parsed.kind !== 'dsa') throw new HuksFailure(HksErr.INVALID_KEY_FILE, 'not a DSA key');
  return { params: { p: big(parsed.p), q: big(parsed.q), g: big(parsed.g) }, y: big(parsed.y) };
}
