import type { ArgKind } from './arbitraries.js';

/** A namespace function: its declared arguments and where a callback may go (api.md §1.1, §3). */
export interface Signature {
  name: string;
  args: readonly ArgKind[];
  /** Index of the callback, or undefined for promise-only functions. */
  callback?: number;
  api8?: boolean;
  /** Creates keys: its KEY_SIZE values are capped so that a run stays fast. */
  generates?: boolean;
}

const AO: ArgKind[] = ['alias', 'options'];

export const V9: readonly Signature[] = [
  { name: 'generateKeyItem', args: AO, callback: 2, generates: true },
  { name: 'deleteKeyItem', args: AO, callback: 2 },
  { name: 'importKeyItem', args: AO, callback: 2 },
  { name: 'importWrappedKeyItem', args: ['alias', 'alias', 'options'], callback: 3 },
  { name: 'exportKeyItem', args: AO, callback: 2 },
  { name: 'getKeyItemProperties', args: AO, callback: 2 },
  { name: 'isKeyItemExist', args: AO, callback: 2 },
  { name: 'hasKeyItem', args: AO, callback: 2 },
  { name: 'initSession', args: AO, callback: 2 },
  { name: 'updateSession', args: ['handle', 'options', 'bytes'], callback: 3 },
  { name: 'finishSession', args: ['handle', 'options', 'bytes'], callback: 3 },
  { name: 'abortSession', args: ['handle', 'options'], callback: 2 },
  { name: 'attestKeyItem', args: AO, callback: 2 },
  { name: 'anonAttestKeyItem', args: AO, callback: 2 },
  { name: 'listAliases', args: ['options'] },
  { name: 'wrapKeyItem', args: AO },
  { name: 'unwrapKeyItem', args: ['alias', 'options', 'bytes'] },
  { name: 'encapsulate', args: ['alias', 'params', 'optAlias', 'params'] },
  { name: 'decapsulate', args: ['alias', 'params', 'bytes', 'optAlias', 'params'] },
  { name: 'anonAttestKeyItemOffline', args: ['alias', 'params'] },
];

const asUser = (name: string, args: readonly ArgKind[], generates = false): Signature => ({
  name: `${name}AsUser`, args: ['userId', ...args], generates,
});

export const AS_USER: readonly Signature[] = [
  asUser('generateKeyItem', AO, true),
  asUser('deleteKeyItem', AO),
  asUser('importKeyItem', AO),
  asUser('importWrappedKeyItem', ['alias', 'alias', 'options']),
  asUser('exportKeyItem', AO),
  asUser('getKeyItemProperties', AO),
  asUser('hasKeyItem', AO),
  asUser('initSession', AO),
  asUser('attestKeyItem', AO),
  asUser('anonAttestKeyItem', AO),
  asUser('anonAttestKeyItemOffline', ['alias', 'params']),
];

export const API8: readonly Signature[] = [
  { name: 'generateKey', args: AO, callback: 2, api8: true, generates: true },
  { name: 'deleteKey', args: AO, callback: 2, api8: true },
  { name: 'importKey', args: AO, callback: 2, api8: true },
  { name: 'exportKey', args: AO, callback: 2, api8: true },
  { name: 'getKeyProperties', args: AO, callback: 2, api8: true },
  { name: 'isKeyExist', args: AO, callback: 2, api8: true },
  { name: 'init', args: AO, callback: 2, api8: true },
  { name: 'update', args: ['handle', 'options', 'bytes'], callback: 3, api8: true },
  { name: 'finish', args: ['handle', 'options'], callback: 2, api8: true },
  { name: 'abort', args: ['handle', 'options'], callback: 2, api8: true },
];
