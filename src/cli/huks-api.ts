import { createHuks, type CreateHuksOptions } from '../index.js';

/**
 * The part of the `@ohos.security.huks` surface the CLI uses, in promise form (api.md §4).
 * Declared structurally so the CLI depends on the public contract only, not on api internals.
 */
export interface HuksParam {
  tag: number;
  value: boolean | number | Uint8Array;
}

export interface HuksOptions {
  properties?: HuksParam[];
  inData?: Uint8Array;
}

export interface HuksReturnResult {
  outData?: Uint8Array;
  properties?: Array<{ tag: number; value: unknown }>;
}

export interface HuksApi {
  generateKeyItem(alias: string, options: HuksOptions): Promise<unknown>;
  importKeyItem(alias: string, options: HuksOptions): Promise<unknown>;
  exportKeyItem(alias: string, options: HuksOptions): Promise<HuksReturnResult | null>;
  deleteKeyItem(alias: string, options: HuksOptions): Promise<unknown>;
  getKeyItemProperties(alias: string, options: HuksOptions): Promise<HuksReturnResult | null>;
  hasKeyItem(alias: string, options: HuksOptions): Promise<boolean>;
  listAliases(options: HuksOptions): Promise<{ keyAliases: string[] }>;
  initSession(alias: string, options: HuksOptions): Promise<{ handle: number }>;
  updateSession(handle: number, options: HuksOptions): Promise<HuksReturnResult | null>;
  finishSession(handle: number, options: HuksOptions): Promise<HuksReturnResult | null>;
  abortSession(handle: number, options: HuksOptions): Promise<unknown>;
  close(): Promise<void> | void;
}

/** Where and as whom the keystore runs: the CLI's global options. */
export interface HuksLocation {
  home?: string;
  app?: string;
  userId?: number;
  /** The keystore daemon's socket: the app is then the one its token names. */
  socket?: string;
  appToken?: string;
}

/** Opens the keystore (in process, or the daemon with a socket) through the public entry. */
export function openHuks(location: HuksLocation): HuksApi {
  const options: { -readonly [K in keyof CreateHuksOptions]: CreateHuksOptions[K] } = {};
  if (location.home !== undefined) options.home = location.home;
  if (location.app !== undefined) options.app = location.app;
  if (location.userId !== undefined) options.userId = location.userId;
  if (location.socket !== undefined) options.socket = location.socket;
  if (location.appToken !== undefined) options.appToken = location.appToken;
  return createHuks(options);
}

/** The output bytes of an update/finish result; `null` and a missing outData read as empty. */
export function outBytes(result: HuksReturnResult | null | undefined): Uint8Array {
  return result?.outData ?? new Uint8Array(0);
}

/** A keystore error as delivered by the api layer: a BusinessError with a numeric code. */
export function isBusinessError(value: unknown): value is { code: number; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { code?: unknown; message?: unknown };
  return typeof candidate.code === 'number' && typeof candidate.message === 'string';
}
