import { BusinessError } from '../errors/business-error.js';

/**
 * The synchronous channel (errors.md §1.1, §6): what the binding throws while it still parses
 * the arguments. The messages are the observable "first throw" texts, copied exactly.
 */
export const SyncMsg = Object.freeze({
  NO_ENOUGH_PARAMS: 'no enough params input',
  AS_USER_ARG_COUNT: 'The number of parameters does not meet the expectation.',
  USER_ID_TYPE: "the type of userId isn't number",
  ALIAS_TYPE: "the type of alias isn't string",
  ALIAS_TOO_LONG: 'the length of alias is too long',
  NOT_OBJECT: 'the type is not object',
  PARAM_NOT_OBJECT: 'the type of param is not object',
  VALUE_TYPE: 'the value of the tag is of an incorrect type',
  NOT_UINT8: 'the type of data is not Uint8Array',
  DATA_TOO_LONG: 'the length of data is too long',
  TYPED_ARRAY_INFO: 'get typedarray info failed',
  HANDLE_TYPE: "the type of handle isn't number",
  ADD_PARAMS: 'HksAddParams fail',
  BUILD_PARAM_SET: 'HksBuildParamSet fail',
  GET_PARAM_SET: 'could not get paramset',
  GET_SHARED_PARAM_SET: 'could not get shared key paramset',
  FEATURE_NOT_SUPPORTED: 'The feature is not support.',
});

/** Engine-level failures: plain `Error`s with the engine's status text and no `code`. */
export const EngineMsg = Object.freeze({
  NEED_NUMBER: 'Need number',
  NEED_STRING: 'Need string',
  NEED_OBJECT: 'Need object',
  NEED_BOOLEAN: 'Need boolean',
  INVALID_PARAMETER: 'Invalid parameter',
  INVALID_ARGUMENTS: 'invalid arguments',
  NOT_UINT8_ARRAY: "Assertion failed: it's not uint8 array",
  HANDLE_TYPE: 'Parameter type does not match',
});

export const Code = Object.freeze({
  ILLEGAL_ARGUMENT: 401,
  FEATURE_NOT_SUPPORTED: 12000001,
  INVALID_ARGUMENT: 12000018,
});

/** A BusinessError thrown while parsing; no `data` property on this channel. */
export function argFail(message: string, code: number = Code.ILLEGAL_ARGUMENT): never {
  throw new BusinessError(code, message);
}

/** An engine status error: a plain Error without a numeric code (errors.md §1.1). */
export function engineFail(message: string): never {
  throw new Error(message);
}
