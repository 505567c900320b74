/**
 * RSA keys (algorithms.md §3; key-formats.md §3.1, §5.1, §6, §7.2): generation with e = 65537,
 * import from SPKI or n/e/d material, SPKI export, and the cipher and signature operations.
 */

import { createPublicKey, generateKeyPairSync } from 'node:crypto';

import { HuksKeyAlg, HuksKeyPurpose, HuksKeyPadding, HuksTag } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { encodeAsymKey } from '../keys/internal.js';
import { Layout, writeMaterial } from '../keys/material.js';
import { encodeSpki } from '../keys/spki.js';
import {
  checkHeader, checkImportPurpose, importTypeOf, readImported, requireLength,
  spkiToPubInfo, takePrivateBlob,
} from './asym/import-rules.js';
import {
  decodeAsymKey, fromKeyPair, pkcs8Of, privateKeyOf, spkiOf,
} from './asym/key-objects.js';
import { rsaKeyFromComponents } from './asym/rsa-crt.js';
import { rsaCipherOperation } from './asym/rsa-cipher.js';
import { rsaSignatureOperation } from './asym/rsa-signature.js';
import type { CryptoOperation, KeyFamily, OperationSpec } from './family.js';

const P = HuksKeyPurpose;

/** e = 65537, inserted into a PRIVATE_KEY material without e (algorithms.md §1.4 step 2). */
const F4 = Uint8Array.of(1, 0, 1);

/** Component length limit of the RSA material checks (key-formats.md §3.1). */
const MAX_COMPONENT = 4096;

/**
 * @throws HuksFailure -3/-19 (401) bad SPKI or material, -115 (12000003) purpose per import
 *   type, -113/-114/-117/-118 (12000003) size, padding, digest, signature size, -27 (12000004)
 *   OAEP key too small, -31 (12000006) engine and verification failures, -2 (12000012) PSS salt
 *   type differs from the key's, -4 (12000001) ISO/IEC 9796-2
 */
export const rsaFamily: KeyFamily = {
  algorithm: HuksKeyAlg.HUKS_ALG_RSA,

  generate(params) {
    const bits = params.getNumber(HuksTag.HUKS_TAG_KEY_SIZE)!;
    const { publicKey, privateKey } = generateKeyPairSync('rsa', {
      modulusLength: bits,
      publicExponent: 65537,
    });
    return fromKeyPair(publicKey, privateKey);
  },

  parseImport(params, inData) {
    const type = importTypeOf(params);
    if (type === 'public') return spkiToPubInfo(inData);
    return preprocessMaterial(takePrivateBlob(inData), type === 'pair');
  },

  checkImport(params, material) {
    const type = importTypeOf(params);
    const parsed = readImported(material, Layout.RSA);
    checkHeader(parsed, params);
    const [n, e, d] = parsed.parts as [Uint8Array, Uint8Array, Uint8Array];
    if (type === 'public') {
      requireLength(n, 'n', 1, MAX_COMPONENT);
      requireLength(e, 'e', 1, MAX_COMPONENT);
      checkImportPurpose(params, [P.HUKS_KEY_PURPOSE_VERIFY, P.HUKS_KEY_PURPOSE_ENCRYPT], type);
      checkPublicPadding(params);
      return encodeAsymKey({ spki: encodeSpki({ kind: 'rsa', n, e }) });
    }
    if (type === 'private') {
      checkImportPurpose(params, [P.HUKS_KEY_PURPOSE_SIGN, P.HUKS_KEY_PURPOSE_DECRYPT], type);
    }
    const privateKey = rsaKeyFromComponents(n, e, d);
    return encodeAsymKey({ spki: encodeSpki({ kind: 'rsa', n, e }), pkcs8: pkcs8Of(privateKey) });
  },

  exportPublic(_params, material) {
    const key = decodeAsymKey(material);
    // A private-only RSA import still carries n and e, so every RSA key exports (§5.7).
    return key.spki ?? spkiOf(createPublicKey(privateKeyOf(key)));
  },

  createOperation(spec: OperationSpec): CryptoOperation {
    const key = decodeAsymKey(spec.material);
    switch (spec.purpose) {
      case P.HUKS_KEY_PURPOSE_ENCRYPT:
      case P.HUKS_KEY_PURPOSE_DECRYPT:
        return rsaCipherOperation(spec, key);
      case P.HUKS_KEY_PURPOSE_SIGN:
      case P.HUKS_KEY_PURPOSE_VERIFY:
        return rsaSignatureOperation(spec, key);
      default:
        throw new HuksFailure(HksErr.INVALID_PURPOSE, `RSA has no operation for ${spec.purpose}`);
    }
  },
};

/**
 * Step 2 of algorithms.md §1.4: the RSA material sanity check (401) and, for a PRIVATE_KEY
 * without e, the insertion of e = 65537 so that the stored key always carries n and e.
 */
function preprocessMaterial(blob: Uint8Array, pair: boolean): Uint8Array {
  const material = readImported(blob, Layout.RSA);
  const [n, e, d] = material.parts as [Uint8Array, Uint8Array, Uint8Array];
  requireLength(n, 'n', 1, MAX_COMPONENT);
  requireLength(e, 'e', pair ? 1 : 0, MAX_COMPONENT);
  requireLength(d, 'd', 1, MAX_COMPONENT);
  const withE = e.length > 0 ? e : F4;
  return writeMaterial({ ...material, parts: [n, withE, d] }, Layout.RSA);
}

/** Public import: a VERIFY key takes a signature padding, an ENCRYPT key a cipher padding. */
function checkPublicPadding(params: ParamSet): void {
  const padding = params.getNumber(HuksTag.HUKS_TAG_PADDING);
  if (padding === undefined) return;
  const purpose = params.getNumber(HuksTag.HUKS_TAG_PURPOSE);
  const Pad = HuksKeyPadding;
  const allowed: readonly number[] = purpose === P.HUKS_KEY_PURPOSE_VERIFY
    ? [Pad.HUKS_PADDING_NONE, Pad.HUKS_PADDING_PSS, Pad.HUKS_PADDING_PKCS1_V1_5,
      Pad.HUKS_PADDING_ISO_IEC_9796_2]
    : [Pad.HUKS_PADDING_NONE, Pad.HUKS_PADDING_OAEP, Pad.HUKS_PADDING_PKCS1_V1_5];
  if (!allowed.includes(padding)) {
    throw new HuksFailure(HksErr.INVALID_PADDING,
      `padding ${padding} does not suit purpose ${purpose}`);
  }
}
