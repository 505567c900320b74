import type { ALL_ENUMS } from '../common/enums.js';
import type {
  Api8Callback,
  AsyncCallback,
  HuksHandle,
  HuksListAliasesReturnResult,
  HuksOptions,
  HuksParam,
  HuksResult,
  HuksReturnResult,
  HuksSessionHandle,
} from './types.js';

/** The 27 public enumerations, exactly as `ALL_ENUMS` holds them (tags.md). */
export type HuksEnums = typeof ALL_ENUMS;

/** API 8 functions, deprecated since 9 (api.md §5): raw internal codes, never rejecting. */
export interface HuksApi8Functions {
  generateKey(keyAlias: string, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  generateKey(keyAlias: string, options: HuksOptions): Promise<HuksResult>;
  deleteKey(keyAlias: string, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  deleteKey(keyAlias: string, options: HuksOptions): Promise<HuksResult>;
  importKey(keyAlias: string, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  importKey(keyAlias: string, options: HuksOptions): Promise<HuksResult>;
  exportKey(keyAlias: string, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  exportKey(keyAlias: string, options: HuksOptions): Promise<HuksResult>;
  getKeyProperties(
    keyAlias: string,
    options: HuksOptions,
    callback: Api8Callback<HuksResult>,
  ): void;
  getKeyProperties(keyAlias: string, options: HuksOptions): Promise<HuksResult>;
  isKeyExist(keyAlias: string, options: HuksOptions, callback: Api8Callback<boolean>): void;
  isKeyExist(keyAlias: string, options: HuksOptions): Promise<boolean>;
  init(keyAlias: string, options: HuksOptions, callback: Api8Callback<HuksHandle>): void;
  init(keyAlias: string, options: HuksOptions): Promise<HuksHandle>;
  /** Read as `(handle, options, token?, callback?)`, whatever the declaration says (§5). */
  update(
    handle: number,
    options: HuksOptions,
    token: Uint8Array,
    callback: Api8Callback<HuksResult>,
  ): void;
  update(handle: number, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  update(handle: number, options: HuksOptions, token?: Uint8Array): Promise<HuksResult>;
  finish(handle: number, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  finish(handle: number, options: HuksOptions): Promise<HuksResult>;
  abort(handle: number, options: HuksOptions, callback: Api8Callback<HuksResult>): void;
  abort(handle: number, options: HuksOptions): Promise<HuksResult>;
  /** Deprecated since 11: the constant "2.0.0.5"; the argument is not read. */
  getSdkVersion(options?: HuksOptions): string;
}

/** API 9+ functions that take a key alias (api.md §4). */
export interface HuksKeyFunctions {
  generateKeyItem(keyAlias: string, options: HuksOptions, callback: AsyncCallback<void>): void;
  generateKeyItem(keyAlias: string, options: HuksOptions): Promise<void>;
  deleteKeyItem(keyAlias: string, options: HuksOptions, callback: AsyncCallback<void>): void;
  deleteKeyItem(keyAlias: string, options: HuksOptions): Promise<void>;
  importKeyItem(keyAlias: string, options: HuksOptions, callback: AsyncCallback<void>): void;
  importKeyItem(keyAlias: string, options: HuksOptions): Promise<void>;
  importWrappedKeyItem(
    keyAlias: string,
    wrappingKeyAlias: string,
    options: HuksOptions,
    callback: AsyncCallback<void>,
  ): void;
  importWrappedKeyItem(
    keyAlias: string,
    wrappingKeyAlias: string,
    options: HuksOptions,
  ): Promise<void>;
  exportKeyItem(
    keyAlias: string,
    options: HuksOptions,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  exportKeyItem(keyAlias: string, options: HuksOptions): Promise<HuksReturnResult>;
  getKeyItemProperties(
    keyAlias: string,
    options: HuksOptions,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  getKeyItemProperties(keyAlias: string, options: HuksOptions): Promise<HuksReturnResult>;
  isKeyItemExist(keyAlias: string, options: HuksOptions, callback: AsyncCallback<boolean>): void;
  isKeyItemExist(keyAlias: string, options: HuksOptions): Promise<boolean>;
  hasKeyItem(keyAlias: string, options: HuksOptions, callback: AsyncCallback<boolean>): void;
  hasKeyItem(keyAlias: string, options: HuksOptions): Promise<boolean>;
  attestKeyItem(
    keyAlias: string,
    options: HuksOptions,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  attestKeyItem(keyAlias: string, options: HuksOptions): Promise<HuksReturnResult>;
  anonAttestKeyItem(
    keyAlias: string,
    options: HuksOptions,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  anonAttestKeyItem(keyAlias: string, options: HuksOptions): Promise<HuksReturnResult>;
  anonAttestKeyItemOffline(keyAlias: string, params: HuksParam[]): Promise<HuksReturnResult>;
  listAliases(options: HuksOptions): Promise<HuksListAliasesReturnResult>;
  wrapKeyItem(keyAlias: string, params: HuksOptions): Promise<HuksReturnResult>;
  unwrapKeyItem(
    keyAlias: string,
    params: HuksOptions,
    wrappedKey: Uint8Array,
  ): Promise<HuksReturnResult>;
  encapsulate(
    keyAlias: string,
    params: HuksParam[],
    sharedKeyAlias?: string,
    sharedKeyParams?: HuksParam[],
  ): Promise<HuksReturnResult>;
  decapsulate(
    keyAlias: string,
    params: HuksParam[],
    encapData: Uint8Array,
    sharedKeyAlias?: string,
    sharedKeyParams?: HuksParam[],
  ): Promise<HuksReturnResult>;
}

/** API 9+ session functions (sessions.md §2-§4, api.md §4.9-§4.11). */
export interface HuksSessionFunctions {
  initSession(
    keyAlias: string,
    options: HuksOptions,
    callback: AsyncCallback<HuksSessionHandle>,
  ): void;
  initSession(keyAlias: string, options: HuksOptions): Promise<HuksSessionHandle>;
  updateSession(
    handle: number,
    options: HuksOptions,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  updateSession(
    handle: number,
    options: HuksOptions,
    token: Uint8Array,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  updateSession(
    handle: number,
    options: HuksOptions,
    token?: Uint8Array,
  ): Promise<HuksReturnResult>;
  finishSession(
    handle: number,
    options: HuksOptions,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  finishSession(
    handle: number,
    options: HuksOptions,
    token: Uint8Array,
    callback: AsyncCallback<HuksReturnResult>,
  ): void;
  finishSession(
    handle: number,
    options: HuksOptions,
    token?: Uint8Array,
  ): Promise<HuksReturnResult>;
  abortSession(handle: number, options: HuksOptions, callback: AsyncCallback<void>): void;
  abortSession(handle: number, options: HuksOptions): Promise<void>;
}

/** System APIs (API 12): 202 for an ordinary app, promise only (api.md §4.2). */
export interface HuksAsUserFunctions {
  generateKeyItemAsUser(userId: number, keyAlias: string, options: HuksOptions): Promise<void>;
  deleteKeyItemAsUser(userId: number, keyAlias: string, options: HuksOptions): Promise<void>;
  importKeyItemAsUser(userId: number, keyAlias: string, options: HuksOptions): Promise<void>;
  importWrappedKeyItemAsUser(
    userId: number,
    keyAlias: string,
    wrappingKeyAlias: string,
    options: HuksOptions,
  ): Promise<void>;
  exportKeyItemAsUser(
    userId: number,
    keyAlias: string,
    options: HuksOptions,
  ): Promise<HuksReturnResult>;
  getKeyItemPropertiesAsUser(
    userId: number,
    keyAlias: string,
    options: HuksOptions,
  ): Promise<HuksReturnResult>;
  hasKeyItemAsUser(userId: number, keyAlias: string, options: HuksOptions): Promise<boolean>;
  initSessionAsUser(
    userId: number,
    keyAlias: string,
    options: HuksOptions,
  ): Promise<HuksSessionHandle>;
  attestKeyItemAsUser(
    userId: number,
    keyAlias: string,
    options: HuksOptions,
  ): Promise<HuksReturnResult>;
  anonAttestKeyItemAsUser(
    userId: number,
    keyAlias: string,
    options: HuksOptions,
  ): Promise<HuksReturnResult>;
  anonAttestKeyItemOfflineAsUser(
    userId: number,
    keyAlias: string,
    params: HuksParam[],
  ): Promise<HuksReturnResult>;
}

/**
 * What `import huks from 'openhuks'` gives: the 42 functions and 27 enumerations of
 * `@ohos.security.huks`, all non-enumerable like the reference's module object, plus `close()`.
 */
export interface HuksNamespace
  extends HuksEnums,
    HuksApi8Functions,
    HuksKeyFunctions,
    HuksSessionFunctions,
    HuksAsUserFunctions {
  /** openhuks: releases the keystore client if one was created (not part of the reference). */
  close(): Promise<void>;
}
