// Shared pieces of the SM2 tests: parameter sets, material and sessions through the public API.
import {
  HuksImportKeyType, HuksKeyAlg, HuksKeyDigest, HuksTag as T,
} from '../../src/common/enums.js';
import type { HuksNamespace } from '../../src/api/index.js';
import type { HuksParam as Param } from '../../src/api/types.js';

export type { Param };

export const SM3 = HuksKeyDigest.HUKS_DIGEST_SM3;
export const NONE = HuksKeyDigest.HUKS_DIGEST_NONE;
export const SM2 = HuksKeyAlg.HUKS_ALG_SM2;

/** Properties of an SM2 key; `type` adds HUKS_TAG_IMPORT_KEY_TYPE. */
export function sm2Props(purpose: number, digest: number, type?: number): Param[] {
  const props: Param[] = [
    { tag: T.HUKS_TAG_ALGORITHM, value: SM2 },
    { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
    { tag: T.HUKS_TAG_PURPOSE, value: purpose },
    { tag: T.HUKS_TAG_DIGEST, value: digest },
  ];
  if (type !== undefined) props.push({ tag: T.HUKS_TAG_IMPORT_KEY_TYPE, value: type });
  return props;
}

export const PAIR = HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR;
export const PRIVATE = HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY;

/** key-formats.md §3.2 material: header alg 150, 256 bits, then x, y, z as given. */
export function sm2Material(x: Uint8Array, y: Uint8Array, z: Uint8Array, trailing = 0)
  : Uint8Array {
  const head = Buffer.alloc(20);
  [SM2, 256, x.length, y.length, z.length].forEach((w, i) => head.writeUInt32LE(w, i * 4));
  return new Uint8Array(Buffer.concat([head, x, y, z, Buffer.alloc(trailing)]));
}

/** One init/update/finish session; returns the finish output. */
export async function session(huks: HuksNamespace, alias: string, init: Param[],
  data: Uint8Array, finish: Uint8Array = new Uint8Array(0)): Promise<Uint8Array> {
  const { handle } = await huks.initSession(alias, { properties: init });
  try {
    if (data.length > 0) await huks.updateSession(handle, { properties: init, inData: data });
    const result = await huks.finishSession(handle, { properties: init, inData: finish });
    return result?.outData ?? new Uint8Array(0);
  } catch (error) {
    await huks.abortSession(handle, { properties: [] }).catch(() => undefined);
    throw error;
  }
}

/** The delivered error code of a rejected promise (undefined when it resolved). */
export async function codeOf(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    await promise;
    return undefined;
  } catch (error) {
    return (error as { code?: number }).code;
  }
}

export function initProps(purpose: number, digest: number): Param[] {
  return [
    { tag: T.HUKS_TAG_ALGORITHM, value: SM2 },
    { tag: T.HUKS_TAG_PURPOSE, value: purpose },
    { tag: T.HUKS_TAG_DIGEST, value: digest },
  ];
}
