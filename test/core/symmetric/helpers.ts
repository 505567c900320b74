import type { ParamValue } from '../../../src/params/param-set.js';
import { A, core, ENC_DEC, params, runSession, T, U } from '../rules/helpers.js';

export { A, core, params, T, U };

/** Imports a raw symmetric key and runs one cipher session over `data`. */
export function runCipher(algorithm: number, key: Uint8Array, purpose: number,
  init: Record<number, ParamValue>, data: Uint8Array, chunk = 0): Uint8Array {
  const imported = core.importKey(params({
    [T.HUKS_TAG_ALGORITHM]: algorithm,
    [T.HUKS_TAG_PURPOSE]: ENC_DEC,
    [T.HUKS_TAG_KEY_SIZE]: key.length * 8,
  }), key);
  const initSet = params({ [T.HUKS_TAG_ALGORITHM]: algorithm, [T.HUKS_TAG_PURPOSE]: purpose,
    ...init });
  const op = core.initOperation(imported.properties, imported.material, initSet);
  return runSession(op, initSet, data, chunk);
}

export const hex = (value: unknown): Uint8Array =>
  new Uint8Array(Buffer.from(typeof value === 'string' ? value : '', 'hex'));
export const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
