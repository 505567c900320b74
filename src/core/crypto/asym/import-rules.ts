/**
 * The importKeyItem rules shared by the asymmetric families (algorithms.md §1.4 steps 1, 5 and 6;
 * key-formats.md §2-§3): import type, size limit, SPKI conversion, header comparison and the
 * purposes allowed per import type.
 */

import { HuksImportKeyType, HuksTag } from '../../../common/enums.js';
import { HksErr, HuksFailure } from '../../../errors/failure.js';
import type { ParamSet } from '../../../params/param-set.js';
import { DerError } from '../../keys/der.js';
import {
  MaterialError, readMaterial, type Material, type MaterialLayout,
} from '../../keys/material.js';
import { pubInfoFromSpki } from '../../keys/pub-info.js';
import { parseSpki } from '../../keys/spki.js';

export type ImportType = 'public' | 'private' | 'pair';

/** Private and pair blobs are limited to 2048 bytes (algorithms.md §1.4 step 1). */
export const MAX_PRIVATE_IMPORT = 2048;

/** HUKS_TAG_IMPORT_KEY_TYPE; absent means a public key. */
export function importTypeOf(params: ParamSet): ImportType {
  const type = params.getNumber(HuksTag.HUKS_TAG_IMPORT_KEY_TYPE);
  if (type === HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY) return 'private';
  if (type === HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR) return 'pair';
  if (type === undefined || type === HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY) return 'public';
  throw new HuksFailure(HksErr.INVALID_ARGUMENT, `unknown IMPORT_KEY_TYPE ${type}`);
}

/** Step 1 for a private/pair blob: taken as is, within the size limit. */
export function takePrivateBlob(inData: Uint8Array): Uint8Array {
  if (inData.length > MAX_PRIVATE_IMPORT) {
    throw new HuksFailure(HksErr.INVALID_ARGUMENT,
      `private key material of ${inData.length} bytes exceeds ${MAX_PRIVATE_IMPORT}`);
  }
  return inData.slice();
}

/** Step 1 for a public key given as SPKI: the inner format of key-formats.md §3.6, else 401. */
export function spkiToPubInfo(inData: Uint8Array): Uint8Array {
  try {
    return pubInfoFromSpki(parseSpki(inData));
  } catch (error) {
    if (error instanceof DerError) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT,
        `public key is not a usable SPKI: ${error.message}`);
    }
    throw error;
  }
}

/** Reads a material or inner public key; a truncated one is 401 (INVALID_KEY_INFO). */
export function readImported(bytes: Uint8Array, layout: MaterialLayout): Material {
  try {
    return readMaterial(bytes, layout);
  } catch (error) {
    if (error instanceof MaterialError) throw invalidKeyInfo(error.message);
    throw error;
  }
}

/** Steps 5/6: the header algorithm and key size must equal ALGORITHM and KEY_SIZE (401). */
export function checkHeader(material: Material, params: ParamSet, compareSize = true): void {
  const alg = params.getNumber(HuksTag.HUKS_TAG_ALGORITHM);
  const size = params.getNumber(HuksTag.HUKS_TAG_KEY_SIZE);
  if (material.alg !== alg) throw invalidKeyInfo(`header algorithm ${material.alg} is not ${alg}`);
  if (compareSize && material.keySize !== size) {
    throw invalidKeyInfo(`header key size ${material.keySize} is not ${size}`);
  }
}

/**
 * The purpose must be exactly one of `allowed` (steps 5 and 6); 'any' leaves it to the
 * generic purpose rules of §1.3.
 */
export function checkImportPurpose(params: ParamSet, allowed: readonly number[] | 'any',
  type: ImportType): void {
  if (allowed === 'any') return;
  const purpose = params.getNumber(HuksTag.HUKS_TAG_PURPOSE);
  if (purpose === undefined || !allowed.includes(purpose)) {
    throw new HuksFailure(HksErr.INVALID_PURPOSE,
      `purpose ${purpose} is not allowed when importing a ${type} key`);
  }
}

export function invalidKeyInfo(detail: string): HuksFailure {
  return new HuksFailure(HksErr.INVALID_KEY_INFO, detail);
}

/** A component length check of key-formats.md §3 (401). */
export function requireLength(part: Uint8Array, name: string, min: number, max: number): void {
  if (part.length < min || part.length > max) {
    throw invalidKeyInfo(`${name} is ${part.length} bytes, allowed ${min}..${max}`);
  }
}
