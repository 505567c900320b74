import { ADAPTER_TABLE, type AdapterRow } from './adapter-table.js';

/**
 * A failure inside the keystore (client library, service or core). It carries the reference's
 * internal code (hks_error_code.h, errors.md §4), never an external one: the api layer converts
 * it through the one adapter table, so a failure reads the same in process and over IPC.
 */
export class HuksFailure extends Error {
  readonly internal: number;

  /** What exactly went wrong, for logs and the CLI; never part of the public message. */
  readonly detail: string | undefined;

  constructor(internal: number, detail?: string) {
    super(detail === undefined ? `internal ${internal}` : `internal ${internal}: ${detail}`);
    this.name = 'HuksFailure';
    this.internal = internal;
    this.detail = detail;
  }
}

export function isHuksFailure(value: unknown): value is HuksFailure {
  return value instanceof HuksFailure;
}

export interface ExternalError {
  readonly code: number;
  readonly message: string;
}

const byInternal = new Map<number, AdapterRow>();
for (const row of ADAPTER_TABLE) {
  if (!byInternal.has(row.internal)) byInternal.set(row.internal, row);
}

/** errors.md §4: first matching row, then the SE range, then 12000012 "HUKS operation failed.". */
export function toExternal(internal: number): ExternalError {
  // openhuks decision (errors.md §4): a wrong challenge (-43) reads as 12000008.
  if (internal === HksErr.KEY_AUTH_FAILED) return toExternal(HksErr.KEY_AUTH_VERIFY_FAILED);

  const row = byInternal.get(internal);
  if (row) return { code: row.external, message: row.message };
  if (internal <= -700 && internal >= -799) {
    return { code: 12000026, message: 'SE environment fault.' };
  }
  return { code: 12000012, message: 'HUKS operation failed.' };
}

/** Internal codes used by openhuks (names as in hks_error_code.h without the HKS_ERROR_ prefix). */
export const HksErr = Object.freeze({
  FAILURE: -1,
  BAD_STATE: -2,
  INVALID_ARGUMENT: -3,
  NOT_SUPPORTED: -4,
  NO_PERMISSION: -5,
  INSUFFICIENT_DATA: -6,
  BUFFER_TOO_SMALL: -7,
  INSUFFICIENT_MEMORY: -8,
  STORAGE_FAILURE: -10,
  NOT_EXIST: -13,
  NULL_POINTER: -14,
  FILE_SIZE_FAIL: -15,
  READ_FILE_FAIL: -16,
  INVALID_PUBLIC_KEY: -17,
  INVALID_PRIVATE_KEY: -18,
  INVALID_KEY_INFO: -19,
  MALLOC_FAIL: -21,
  WRITE_FILE_FAIL: -22,
  REMOVE_FILE_FAIL: -23,
  OPEN_FILE_FAIL: -24,
  CLOSE_FILE_FAIL: -25,
  MAKE_DIR_FAIL: -26,
  INVALID_KEY_FILE: -27,
  IPC_MSG_FAIL: -28,
  PARAM_NOT_EXIST: -30,
  CRYPTO_ENGINE_ERROR: -31,
  COMMUNICATION_TIMEOUT: -32,
  IPC_INIT_FAIL: -33,
  SESSION_REACHED_LIMIT: -39,
  GET_USERIAM_SECINFO_FAILED: -40,
  GET_USERIAM_AUTHINFO_FAILED: -41,
  USER_AUTH_TYPE_NOT_SUPPORT: -42,
  KEY_AUTH_FAILED: -43,
  API_NOT_SUPPORTED: -45,
  KEY_AUTH_PERMANENTLY_INVALIDATED: -46,
  KEY_AUTH_VERIFY_FAILED: -47,
  KEY_AUTH_TIME_OUT: -48,
  CREDENTIAL_NOT_EXIST: -49,
  CHECK_GET_ALG_FAIL: -100,
  CHECK_GET_KEY_SIZE_FAIL: -101,
  CHECK_GET_PADDING_FAIL: -102,
  CHECK_GET_PURPOSE_FAIL: -103,
  CHECK_GET_DIGEST_FAIL: -104,
  CHECK_GET_MODE_FAIL: -105,
  CHECK_GET_NONCE_FAIL: -106,
  CHECK_GET_AAD_FAIL: -107,
  CHECK_GET_IV_FAIL: -108,
  CHECK_GET_AE_TAG_FAIL: -109,
  CHECK_GET_SALT_FAIL: -110,
  CHECK_GET_ITERATION_FAIL: -111,
  INVALID_ALGORITHM: -112,
  INVALID_KEY_SIZE: -113,
  INVALID_PADDING: -114,
  INVALID_PURPOSE: -115,
  INVALID_MODE: -116,
  INVALID_DIGEST: -117,
  INVALID_SIGNATURE_SIZE: -118,
  INVALID_IV: -119,
  INVALID_AAD: -120,
  INVALID_NONCE: -121,
  INVALID_AE_TAG: -122,
  INVALID_SALT: -123,
  INVALID_ITERATION: -124,
  INVALID_WRAPPED_FORMAT: -126,
  INVALID_USAGE_OF_KEY: -127,
  CHECK_GET_AUTH_TYP_FAILED: -128,
  CHECK_GET_CHALLENGE_TYPE_FAILED: -129,
  CHECK_GET_ACCESS_TYPE_FAILED: -130,
  CHECK_GET_AUTH_TOKEN_FAILED: -131,
  INVALID_TIME_OUT: -132,
  INVALID_AUTH_TYPE: -133,
  INVALID_CHALLENGE_TYPE: -134,
  INVALID_ACCESS_TYPE: -135,
  INVALID_AUTH_TOKEN: -136,
  INVALID_SECURE_SIGN_TYPE: -137,
  DEVICE_PASSWORD_UNSET: -139,
  NOT_SYSTEM_APP: -140,
  EXCEED_LIMIT: -141,
  KEY_ALREADY_EXIST: -167,
  AEAD_TAG_LEN_INVALID: -181,
  NEW_INVALID_ARGUMENT: -997,
  INTERNAL_ERROR: -999,
  UNKNOWN_ERROR: -1000,
} as const);
