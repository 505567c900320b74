import type { KeystoreClient } from '../client/types.js';
import { ALL_ENUMS } from '../common/enums.js';
import { LazyClient } from './channel.js';
import { keyFunction, keyFunctionAsUser, type ApiFunction } from './key-functions.js';
import {
  attestOpAnonymous,
  attestOpDefault,
  deleteOp,
  exportOp,
  generateOp,
  getPropertiesOp,
  hasOp,
  importOp,
  importWrappedOp,
  initSessionOp,
  isExistOp,
} from './key-ops.js';
import { decapsulateFunction, encapsulateFunction } from './kem-functions.js';
import { getSdkVersion, listAliasesFunction } from './list-aliases.js';
import type { HuksNamespace } from './namespace-types.js';
import { anonAttestOfflineAsUserFunction, anonAttestOfflineFunction } from './offline-attest.js';
import { abortSessionFunction, sessionStepFunction } from './session-functions.js';
import { v8KeyFunctions, v8SessionFunctions } from './v8-functions.js';
import { unwrapKeyItemFunction, wrapKeyItemFunction } from './wrap-functions.js';

/**
 * Builds the `@ohos.security.huks` module object over a keystore client. `getClient` is called
 * on the first asynchronous call, not here, so creating the namespace creates nothing.
 */
export function createHuksNamespace(getClient: () => KeystoreClient): HuksNamespace {
  const lazy = new LazyClient(getClient);
  const namespace = {};

  const members: Record<string, unknown> = {
    ...v8KeyFunctions(lazy),
    ...v8SessionFunctions(lazy),
    getSdkVersion,
    ...itemFunctions(lazy),
    ...sessionFunctions(lazy),
    ...asUserFunctions(lazy),
    listAliases: listAliasesFunction(lazy),
    wrapKeyItem: wrapKeyItemFunction(lazy),
    unwrapKeyItem: unwrapKeyItemFunction(lazy),
    encapsulate: encapsulateFunction(lazy),
    decapsulate: decapsulateFunction(lazy),
    anonAttestKeyItemOffline: anonAttestOfflineFunction(lazy),
    ...ALL_ENUMS,
    close: () => lazy.close(),
  };

  // N-API defaults, as the reference installs them: not writable, enumerable or configurable,
  // so Object.keys(huks) is empty while huks.generateKeyItem resolves (api.md §1).
  for (const [name, value] of Object.entries(members)) {
    Object.defineProperty(namespace, name, { value });
  }
  return namespace as HuksNamespace;
}

function itemFunctions(lazy: LazyClient): Record<string, ApiFunction> {
  return {
    generateKeyItem: keyFunction(lazy, generateOp),
    deleteKeyItem: keyFunction(lazy, deleteOp),
    importKeyItem: keyFunction(lazy, importOp),
    importWrappedKeyItem: keyFunction(lazy, importWrappedOp),
    exportKeyItem: keyFunction(lazy, exportOp),
    getKeyItemProperties: keyFunction(lazy, getPropertiesOp),
    isKeyItemExist: keyFunction(lazy, isExistOp),
    hasKeyItem: keyFunction(lazy, hasOp),
    attestKeyItem: keyFunction(lazy, attestOpDefault),
    anonAttestKeyItem: keyFunction(lazy, attestOpAnonymous),
  };
}

function sessionFunctions(lazy: LazyClient): Record<string, ApiFunction> {
  return {
    initSession: keyFunction(lazy, initSessionOp),
    updateSession: sessionStepFunction(lazy, 'updateSession'),
    finishSession: sessionStepFunction(lazy, 'finishSession'),
    abortSession: abortSessionFunction(lazy),
  };
}

function asUserFunctions(lazy: LazyClient): Record<string, ApiFunction> {
  return {
    generateKeyItemAsUser: keyFunctionAsUser(lazy, generateOp),
    deleteKeyItemAsUser: keyFunctionAsUser(lazy, deleteOp),
    importKeyItemAsUser: keyFunctionAsUser(lazy, importOp),
    importWrappedKeyItemAsUser: keyFunctionAsUser(lazy, importWrappedOp),
    exportKeyItemAsUser: keyFunctionAsUser(lazy, exportOp),
    getKeyItemPropertiesAsUser: keyFunctionAsUser(lazy, getPropertiesOp),
    hasKeyItemAsUser: keyFunctionAsUser(lazy, hasOp),
    initSessionAsUser: keyFunctionAsUser(lazy, initSessionOp),
    attestKeyItemAsUser: keyFunctionAsUser(lazy, attestOpDefault),
    anonAttestKeyItemAsUser: keyFunctionAsUser(lazy, attestOpAnonymous),
    anonAttestKeyItemOfflineAsUser: anonAttestOfflineAsUserFunction(lazy),
  };
}
