// Generated from ../shared/spec/errors.md §4 (asynchronous) and §6 (synchronous throws).
// Every message a BusinessError may carry, per external code.

export const ASYNC_MESSAGES: Readonly<Record<number, readonly string[]>> = {
  201: [
    'Permission check failed. Apply for the required permissions first.',
  ],
  202: [
    'Non-system applications are not allowed to use system APIs.',
  ],
  401: [
    'Failed to obtain the access type. It is not set in ParamSet.',
    'Failed to obtain the authentication token. It is not set in ParamSet.',
    'Failed to obtain the authentication type. It is not set in ParamSet.',
    'Failed to obtain the challenge type. It is not set in ParamSet.',
    'Insufficient buffer size.',
    'Invalid access type.',
    'Invalid authentication token.',
    'Invalid authentication type.',
    'Invalid challenge type.',
    'Invalid key information.',
    'Invalid parameters.',
    'Invalid public key.',
    'Invalid secure sign type.',
    'Invalid timeout parameter.',
    'Some input parameters are not set.',
    'The parameter does not exist.',
    'The parameter value cannot be null.',
    'The root key material already exists.',
    'The wrapped key data is in invalid format.',
  ],
  801: [
    'This API is not supported.',
  ],
  12000001: [
    'SE feature is not supported.',
    'The feature is not support.',
    'The user authentication type is not supported.',
    'the alg not supported in secure environment.',
  ],
  12000002: [
    'Failed to obtain the AAD. It is not set in ParamSet.',
    'Failed to obtain the AEAD. It is not set in ParamSet.',
    'Failed to obtain the IV. It is not set in ParamSet.',
    'Failed to obtain the algorithm. It is not set in ParamSet.',
    'Failed to obtain the cipher mode. It is not set in ParamSet.',
    'Failed to obtain the digest algorithm. It is not set in ParamSet.',
    'Failed to obtain the key purpose. It is not set in ParamSet.',
    'Failed to obtain the key size. It is not set in ParamSet.',
    'Failed to obtain the nonce. It is not set in ParamSet.',
    'Failed to obtain the number of iterations. It is not set in ParamSet.',
    'Failed to obtain the padding algorithm. It is not set in ParamSet.',
    'Failed to obtain the salt value. It is not set in ParamSet.',
    'the ability name param is missing.',
    'the bundle name param is missing.',
    'the resource info param is missing.',
  ],
  12000003: [
    'Invalid AAD.',
    'Invalid AE.',
    'Invalid IV.',
    'Invalid aead tag length.',
    'Invalid algorithm.',
    'Invalid cipher mode.',
    'Invalid digest algorithm.',
    'Invalid iteration count.',
    'Invalid key purpose.',
    'Invalid key size.',
    'Invalid nonce.',
    'Invalid padding algorithm.',
    'Invalid salt value.',
    'Invalid signature size.',
    'invalid se algorithm.',
    'se check digest fail.',
    'se check mode fail.',
    'se check purpose fail.',
  ],
  12000004: [
    'Failed to close the file.',
    'Failed to create the directory.',
    'Failed to open the file.',
    'Failed to read the file.',
    'Failed to read the key from an invalid key file.',
    'Failed to remove the file.',
    'Failed to write the file.',
    'Insufficient storage space.',
    'Invalid file size.',
  ],
  12000005: [
    'Failed to get message from IPC.',
    'IPC async call failed.',
    'IPC initialization failed.',
    'IPC timed out.',
  ],
  12000006: [
    'Crypto engine error.',
    'The handle is unavailable.',
  ],
  12000007: [
    'This credential is invalidated permanently.',
  ],
  12000008: [
    'The authentication token verification failed.',
  ],
  12000009: [
    'This authentication token timed out.',
  ],
  12000010: [
    'The number of key operation sessions has reached the limit.',
    'the se session is too busy.',
  ],
  12000011: [
    'The entity does not exist.',
    'The handle does not exist.',
    'se not found.',
    'the provider is not found.',
  ],
  12000012: [
    'Device environment or input parameter abnormal.',
    'HUKS operation failed.',
    'get attribute from engine fail.',
    'get param from engine fail.',
    'import keystore check user id fail.',
    'import keystore db query failed.',
    'import keystore db query not found.',
    'import keystore db query wrong size.',
    'import keystore delete db fail.',
    'import keystore delete json fail.',
    'import keystore old app uid not found.',
    'import keystore old bundle name not found.',
    'import keystore userid map is empty.',
    'import keystore userid not found.',
    'method not found in map.',
    'push back item to vector fail.',
    'the dcm callback fail.',
    'the dynamic library has closed.',
  ],
  12000013: [
    'The credential does not exist.',
  ],
  12000014: [
    'Insufficient memory.',
    'Malloc failed.',
  ],
  12000015: [
    'Failed to obtain the authentication information via UserIAM.',
    'Failed to obtain the security information via UserIAM.',
  ],
  12000016: [
    'A device password is required but not set.',
  ],
  12000017: [
    'The key with same name is already exist.',
  ],
  12000018: [
    'AEAD tag length mismatch.',
    'Non-system applications are not allowed to manually pass in UID.',
    'The input parameter is invalid.',
    'invalid access group.',
    'invalid developer id.',
    'se check auth token challenge fail.',
    'se check auth token user type fail.',
    'se check auth token version fail.',
    'se get algorithm fail.',
    'se get auth timeout fail.',
    'se get auth token fail.',
    'se get challenge type fail.',
    'se get developer id fail.',
    'se get digest fail.',
    'se get key access group fail.',
    'se get key auth purpose fail.',
    'se get purpose fail.',
    'se get user auth access fail.',
    'se get user auth type fail.',
    'se invalid handle.',
    'se invalid security level.',
    'se mismatch.',
    'se param not exist.',
    'the security level in wrapping and paramset mismatch.',
  ],
  12000019: [
    'the provider is already registered.',
  ],
  12000020: [
    'an error occurred in the dependent module.',
    'close the dynamic library fail.',
    'extension return value is incorrect.',
    'func pointer not found in dynamic library.',
    'open the dynamic library fail.',
  ],
  12000021: [
    'the Ukey PIN is locked.',
  ],
  12000022: [
    'The auth pin is not correct.',
  ],
  12000023: [
    'the Ukey PIN not authenticated.',
  ],
  12000024: [
    'call js methon time out.',
    'the provider or Ukey is busy',
    'the provider or Ukey is busy.',
    'the se calling has reached the limit.',
  ],
  12000025: [
    'the number of providers exceeds the limit.',
    'the number of resource exceeds the limit.',
  ],
  12000026: [
    'SE environment fault.',
    'se basic output length error.',
    'se cmd call fail.',
    'se invalid mspc output.',
    'se shared memory read fail.',
    'se shared memory write fail.',
    'the se basic not available.',
    'the secure environment not available.',
  ],
  12000027: [
    'the internet is unavaliable.',
  ],
};

export const SYNC_MESSAGES: Readonly<Record<number, readonly string[]>> = {
  401: [
    'HksAddParams fail',
    'HksBuildParamSet fail',
    'The number of parameters does not meet the expectation.',
    'could not get paramset',
    'could not get shared key paramset',
    'get int32 userId failed',
    'get typedarray info failed',
    'no enough params input',
    'the length of alias is too long',
    'the length of data is too long',
    'the type is not object',
    "the type of alias isn't string",
    'the type of data is not Uint8Array',
    "the type of handle isn't number",
    'the type of param is not object',
    "the type of userId isn't number",
    'the value of the tag is of an incorrect type',
  ],
  12000001: [
    'The feature is not support.',
  ],
  12000014: [
    'Insufficient memory.',
  ],
  12000018: [
    'could not get paramset',
    'no enough params input',
    'the length of alias is too long',
  ],
};

/** errors.md §1.1, api.md §2.6 and §5: engine errors without a numeric code. */
export const ENGINE_MESSAGES: readonly string[] = [
  'Need number',
  'Need string',
  'Need boolean',
  'Need object',
  'Invalid parameter',
  'invalid arguments',
  'Parameter type does not match',
];

/** api.md §5: the API-8 assertion for a typed array of another kind ends like this. */
export const isEngineMessage = (m: string): boolean =>
  ENGINE_MESSAGES.includes(m) || m.endsWith("it's not uint8 array");

/** errors.md §2: the external code catalogue (201, 202, 401, 801, 12000001-12000027). */
export const CODES: ReadonlySet<number> = new Set(
  Object.keys(ASYNC_MESSAGES).map(Number),
);

/** errors.md §1.1: the only codes a synchronous throw carries. */
export const SYNC_CODES: ReadonlySet<number> = new Set([401, 12000001, 12000014, 12000018]);
