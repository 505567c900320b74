import {
  HuksImportKeyType,
  HuksKeyAlg as A,
  HuksKeyGenerateType,
  HuksKeyPurpose as U,
  HuksTag as T,
  HuksUserAuthType,
} from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import { checkPurposeValidity, purposeCategory } from './purpose.js';
import {
  DERIVE_TABLE, FORBIDDEN_AT_IMPORT, FORBIDDEN_PURPOSES, GENERATE_ALGORITHMS, GENERATE_TABLE,
  IMPORT_ALGORITHMS, MAC_OR_DERIVE_ALGORITHMS, MAC_TABLE, MODE_PADDINGS, PRIVATE_IMPORT_PURPOSES,
  PUBLIC_IMPORT_PURPOSES, PURPOSE_PADDINGS, type KeySizes, type ParamTable,
} from './tables.js';

/** The values a key's parameter set was checked for. */
export interface KeyBasics {
  readonly algorithm: number;
  readonly purpose: number;
  readonly keySize: number;
}

export type KeyOrigin = 'generate' | 'import';

const fail = (code: number, detail: string): never => {
  throw new HuksFailure(code, detail);
};

/**
 * algorithms.md §1.2 steps 2-7 (and §1.4 step 3 for import): algorithm, purpose, user-auth
 * type, the per-algorithm table, purpose validity, padding compatibility, in this order; the
 * first failure decides the code.
 * @throws HuksFailure -100/-103/-101 (12000002), -112..-117 (12000003), -42 (12000001)
 */
export function checkKeyParams(params: ParamSet, origin: KeyOrigin): KeyBasics {
  const algorithm = params.getNumber(T.HUKS_TAG_ALGORITHM);
  if (algorithm === undefined) return fail(HksErr.CHECK_GET_ALG_FAIL, 'ALGORITHM is missing');
  const accepted = origin === 'generate' ? GENERATE_ALGORITHMS : IMPORT_ALGORITHMS;
  if (!accepted.has(algorithm)) {
    return fail(HksErr.INVALID_ALGORITHM, `algorithm ${algorithm} cannot be used for ${origin}`);
  }

  const purpose = params.getNumber(T.HUKS_TAG_PURPOSE);
  if (purpose === undefined) return fail(HksErr.CHECK_GET_PURPOSE_FAIL, 'PURPOSE is missing');

  const authType = params.getNumber(T.HUKS_TAG_USER_AUTH_TYPE);
  if (authType === HuksUserAuthType.HUKS_USER_AUTH_TYPE_TUI_PIN) {
    return fail(HksErr.USER_AUTH_TYPE_NOT_SUPPORT, 'user auth type TUI_PIN is not supported');
  }

  const forbidden = (FORBIDDEN_PURPOSES.get(algorithm) ?? 0)
    | (origin === 'import' ? FORBIDDEN_AT_IMPORT.get(algorithm) ?? 0 : 0);
  let keySize: number;
  if ((purpose & (U.HUKS_KEY_PURPOSE_MAC | U.HUKS_KEY_PURPOSE_DERIVE)) !== 0) {
    // §1.2 step 5: the MAC/DERIVE path checks the purpose before its table.
    if (!MAC_OR_DERIVE_ALGORITHMS.has(algorithm)) {
      return fail(HksErr.INVALID_PURPOSE, `algorithm ${algorithm} cannot MAC or derive`);
    }
    checkPurposeValidity(purpose, forbidden);
    const tables = purpose === U.HUKS_KEY_PURPOSE_MAC ? MAC_TABLE : DERIVE_TABLE;
    const table = tables.get(algorithm);
    if (table === undefined) {
      return fail(HksErr.INVALID_ALGORITHM, `no MAC/derive table for ${algorithm}`);
    }
    keySize = checkTable(params, table, purpose);
  } else {
    keySize = checkTable(params, GENERATE_TABLE.get(algorithm)!, purpose);
    checkPurposeValidity(purpose, forbidden);
  }

  checkPaddingCompatibility(algorithm, purpose, params.getNumber(T.HUKS_TAG_BLOCK_MODE),
    params.getNumber(T.HUKS_TAG_PADDING));
  return { algorithm, purpose, keySize };
}

/**
 * §1.2 steps 8-9, generation only: KEY_GENERATE_TYPE and the engine's own size rules.
 * @throws HuksFailure -3 (401), -4 (12000001)
 */
export function checkGenerateOnly(params: ParamSet, key: KeyBasics): void {
  const generateType = params.getNumber(T.HUKS_TAG_KEY_GENERATE_TYPE);
  if (generateType === HuksKeyGenerateType.HUKS_KEY_GENERATE_TYPE_AGREE) {
    // [REC] the legacy "generate by agreement" path answers 12000001 (algorithms.md §1.2).
    fail(HksErr.NOT_SUPPORTED, 'KEY_GENERATE_TYPE AGREE is not supported');
  }
  const defaultType = HuksKeyGenerateType.HUKS_KEY_GENERATE_TYPE_DEFAULT;
  if (generateType !== undefined && generateType !== defaultType) {
    fail(HksErr.INVALID_ARGUMENT, `KEY_GENERATE_TYPE ${generateType} is invalid`);
  }
  checkEngineKeySize(key);
  if (key.algorithm === A.HUKS_ALG_ECDH) {
    fail(HksErr.INVALID_ARGUMENT, 'ECDH keys cannot be generated');
  }
}

/** §1.2 step 9 size rules (also met by imports through the length rule). @throws -3 (401) */
export function checkEngineKeySize(key: KeyBasics): void {
  const { algorithm, keySize } = key;
  const hmac = algorithm === A.HUKS_ALG_HMAC || algorithm === A.HUKS_ALG_SM3;
  if (hmac && (keySize === 0 || keySize % 8 !== 0)) {
    fail(HksErr.INVALID_ARGUMENT, `key size ${keySize} is not a positive multiple of 8`);
  }
  if (algorithm === A.HUKS_ALG_DSA && keySize % 8 !== 0) {
    fail(HksErr.INVALID_ARGUMENT, `DSA key size ${keySize} is not a multiple of 8`);
  }
}

/**
 * §1.4 steps 5-6: the purpose an asymmetric PRIVATE_KEY or PUBLIC_KEY import may carry (runs
 * after the family's header checks, whose 401 comes first). KEY_PAIR keeps §1.3 only.
 * @throws HuksFailure INVALID_PURPOSE (12000003)
 */
export function checkImportPurpose(params: ParamSet, key: KeyBasics): void {
  const type = params.getNumber(T.HUKS_TAG_IMPORT_KEY_TYPE)
    ?? HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY;
  const rules = type === HuksImportKeyType.HUKS_KEY_TYPE_PRIVATE_KEY ? PRIVATE_IMPORT_PURPOSES
    : type === HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY ? PUBLIC_IMPORT_PURPOSES : undefined;
  const allowed = rules?.get(key.algorithm);
  if (allowed !== undefined && !allowed.includes(key.purpose)) {
    fail(HksErr.INVALID_PURPOSE, `purpose ${key.purpose} cannot be imported with key type ${type}`);
  }
}

/** Inside one table: KEY_SIZE (mandatory), then padding, purpose, digest, mode values. */
function checkTable(params: ParamSet, table: ParamTable, purpose: number): number {
  const keySize = params.getNumber(T.HUKS_TAG_KEY_SIZE);
  if (keySize === undefined) return fail(HksErr.CHECK_GET_KEY_SIZE_FAIL, 'KEY_SIZE is missing');
  if (!sizeAccepted(table.keySizes, keySize)) {
    return fail(HksErr.INVALID_KEY_SIZE, `key size ${keySize}`);
  }

  const get = (tag: number) => params.getNumber(tag);
  checkListed(table.paddings, get(T.HUKS_TAG_PADDING), HksErr.INVALID_PADDING, 'padding');
  checkListed(table.purposes, purpose, HksErr.INVALID_PURPOSE, 'purpose');
  checkListed(table.digests, get(T.HUKS_TAG_DIGEST), HksErr.INVALID_DIGEST, 'digest');
  checkListed(table.modes, get(T.HUKS_TAG_BLOCK_MODE), HksErr.INVALID_MODE, 'mode');
  return keySize;
}

/** Whether a KEY_SIZE passes a table's size rule. */
export function sizeAccepted(rule: KeySizes, size: number): boolean {
  if (rule.list?.includes(size)) return true;
  const range = rule.range;
  return range !== undefined && size >= range.from && size <= range.to
    && (size - range.from) % range.step === 0;
}

function checkListed(list: readonly number[] | undefined, value: number | undefined, code: number,
  name: string): void {
  if (list !== undefined && value !== undefined && !list.includes(value)) {
    fail(code, `${name} ${value} is not allowed for the algorithm`);
  }
}

/**
 * §2.1/§2.2 mode-versus-padding and §3 purpose-versus-padding compatibility (used at generation
 * and, with the effective values, at init). @throws HuksFailure INVALID_PADDING (12000003)
 */
export function checkPaddingCompatibility(algorithm: number, purpose: number,
  mode: number | undefined, padding: number | undefined): void {
  if (padding === undefined) return;
  const byMode = MODE_PADDINGS.get(algorithm);
  const modeList = mode === undefined ? undefined : byMode?.get(mode);
  if (modeList !== undefined && !modeList.includes(padding)) {
    fail(HksErr.INVALID_PADDING, `padding ${padding} cannot be used with mode ${mode}`);
  }
  const category = purposeCategory(purpose);
  const purposeList = category === undefined
    ? undefined : PURPOSE_PADDINGS.get(algorithm)?.get(category);
  if (purposeList !== undefined && !purposeList.includes(padding)) {
    fail(HksErr.INVALID_PADDING, `padding ${padding} cannot be used with purpose ${purpose}`);
  }
}
