import { createHash } from 'node:crypto';

import { isSessionPolicy, type SessionPolicy } from './service/session-policy.js';
import { defaultHome } from './store/open.js';

/** What `createHuks` accepts; every field has a default (environment, then a constant). */
export interface CreateHuksOptions {
  /** Data directory; default HUKS_HOME, else a per-user folder (store/open.ts defaultHome). */
  readonly home?: string;
  /** App identity (bundle name); default HUKS_APP, else 'com.example.app'. */
  readonly app?: string;
  /** OS user id; default 100, the first ordinary user. */
  readonly userId?: number;
  /** Owner uid stored with each key; default a stable number derived from the app. */
  readonly uid?: number;
  /** Whether the app may call the *AsUser functions; default false. */
  readonly system?: boolean;
  /** sessions.md §5; default HUKS_SESSION_POLICY, else 'api9'. */
  readonly sessionPolicy?: SessionPolicy;
  /**
   * The keystore daemon's socket (`huks serve`). When given, the instance talks to the daemon
   * and the identity options above are not used: the daemon knows the app by its token.
   */
  readonly socket?: string;
  /** The app's token from `huks app add`; default HUKS_APP_TOKEN. Needed with `socket`. */
  readonly appToken?: string;
  /** Milliseconds before a daemon call fails with 12000005 "IPC timed out."; default 30000. */
  readonly ipcTimeoutMs?: number;
}

/** How to reach the daemon (RemoteKeystoreClient). */
export interface RemoteConfig {
  readonly socketPath: string;
  readonly token: string;
  readonly timeoutMs: number;
}

export const DEFAULT_IPC_TIMEOUT_MS = 30_000;

/** A complete, checked instance configuration. */
export interface InstanceConfig {
  readonly home: string;
  readonly app: string;
  readonly userId: number;
  readonly uid: number;
  readonly isSystem: boolean;
  readonly sessionPolicy: SessionPolicy;
}

export const DEFAULT_APP = 'com.example.app';
export const DEFAULT_USER_ID = 100;

/**
 * OpenHarmony app uids of user 100 lie in 20010000..20199999 (200000 per user, apps from
 * 10000); a hash of the app name picks one, so the same app keeps its uid across runs.
 */
const APP_UID_BASE = 20_010_000;
const APP_UID_RANGE = 190_000;

/**
 * Resolves options against the environment (HUKS_HOME, HUKS_APP, HUKS_SESSION_POLICY).
 * @throws TypeError or RangeError naming the option or variable when a value is invalid.
 */
export function resolveConfig(
  options: CreateHuksOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): InstanceConfig {
  const app = options.app ?? (env['HUKS_APP'] || DEFAULT_APP);
  if (typeof app !== 'string' || app.length === 0) {
    throw new TypeError('openhuks: app must be a non-empty string');
  }

  const home = options.home ?? defaultHome(env);
  if (typeof home !== 'string' || home.length === 0) {
    throw new TypeError('openhuks: home must be a non-empty string');
  }

  const userId = options.userId ?? DEFAULT_USER_ID;
  checkInteger('userId', userId, 0x7fffffff);
  const uid = options.uid ?? uidOf(app);
  checkInteger('uid', uid, 0xffffffff);

  const isSystem = options.system ?? false;
  if (typeof isSystem !== 'boolean') throw new TypeError('openhuks: system must be a boolean');

  return { home, app, userId, uid, isSystem, sessionPolicy: sessionPolicyOf(options, env) };
}

/**
 * The daemon settings of createHuks: undefined without `socket` (the instance runs in
 * process). The token defaults to HUKS_APP_TOKEN, the timeout to HUKS_IPC_TIMEOUT_MS.
 * @throws TypeError or RangeError naming the option when one is missing or invalid.
 */
export function resolveRemoteConfig(
  options: CreateHuksOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): RemoteConfig | undefined {
  if (options.socket === undefined) return undefined;
  if (typeof options.socket !== 'string' || options.socket.length === 0) {
    throw new TypeError('openhuks: socket must be a non-empty string');
  }
  const token = options.appToken ?? env['HUKS_APP_TOKEN'];
  if (typeof token !== 'string' || token.length === 0) {
    throw new TypeError('openhuks: appToken (or HUKS_APP_TOKEN) is needed with socket');
  }
  return { socketPath: options.socket, token, timeoutMs: ipcTimeoutOf(options, env) };
}

/**
 * The default instance's daemon settings: HUKS_SOCKET switches it to the daemon, with
 * HUKS_APP_TOKEN and HUKS_IPC_TIMEOUT_MS. A missing token reads as an empty one, which the
 * daemon refuses, so that every call fails with 12000005 instead of running in process.
 */
export function remoteConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): RemoteConfig | undefined {
  const socketPath = env['HUKS_SOCKET'];
  if (!socketPath) return undefined;
  const token = env['HUKS_APP_TOKEN'] ?? '';
  return { socketPath, token, timeoutMs: ipcTimeoutOf({}, env) };
}

function ipcTimeoutOf(options: CreateHuksOptions, env: NodeJS.ProcessEnv): number {
  const fromEnv = env['HUKS_IPC_TIMEOUT_MS'];
  const value = options.ipcTimeoutMs ?? (fromEnv ? Number(fromEnv) : DEFAULT_IPC_TIMEOUT_MS);
  if (!Number.isInteger(value) || value < 1 || value > 0x7fffffff) {
    throw new RangeError('openhuks: ipcTimeoutMs (HUKS_IPC_TIMEOUT_MS) must be a positive integer');
  }
  return value;
}

/** The default uid of an app: stable, and different for different apps in practice. */
export function uidOf(app: string): number {
  const digest = createHash('sha256').update(app, 'utf8').digest();
  return APP_UID_BASE + (digest.readUInt32LE(0) % APP_UID_RANGE);
}

function sessionPolicyOf(options: CreateHuksOptions, env: NodeJS.ProcessEnv): SessionPolicy {
  if (options.sessionPolicy !== undefined) {
    if (!isSessionPolicy(options.sessionPolicy)) {
      throw new RangeError(
        `openhuks: sessionPolicy must be 'api9' or 'current', not ${String(options.sessionPolicy)}`,
      );
    }
    return options.sessionPolicy;
  }
  const fromEnv = env['HUKS_SESSION_POLICY'];
  if (fromEnv === undefined || fromEnv === '') return 'api9';
  if (!isSessionPolicy(fromEnv)) {
    throw new RangeError(
      `openhuks: HUKS_SESSION_POLICY must be 'api9' or 'current', not ${fromEnv}`,
    );
  }
  return fromEnv;
}

function checkInteger(name: string, value: unknown, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw new RangeError(`openhuks: ${name} must be an integer from 0 to ${max}`);
  }
}
