import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

import {
  IamQueryError, type SecurityInfo, type UserIamPort,
} from '../core/access/iam-port.js';
import { CHALLENGE_SIZE, encodeAuthToken, type TokenKeys } from './auth-token.js';
import {
  AuthTrustLevel, CREDENTIAL_KINDS, iamTypeOf, type CredentialKind,
} from './auth-types.js';
import { hex64, withIamDb, type IamDb } from './iam-db.js';
import { loadTokenKeys } from './token-keys.js';

/**
 * The user identity service of one emulated device (UserIAM, access-control.md §9): per OS
 * user a lock-screen PIN, fingerprints and faces, the secure UID and the per-type enrolled ids
 * of §9.2, and token issuance (§9.3). State lives in the data directory (iam/iam.db, the AT
 * keys in iam/at-keys), so every process on that directory - the app, the daemon, the CLI -
 * sees one device. It is also the keystore core's UserIamPort.
 */

/** Why an identity operation was refused. */
export type IamErrorCode =
  | 'WRONG_CREDENTIAL' // wrong PIN, or a finger/face name that is not enrolled
  | 'NOT_ENROLLED' // removing a credential that does not exist
  | 'ALREADY_EXISTS' // a PIN already set, or a finger/face name already enrolled
  | 'PIN_NOT_SET' // change/clear without a PIN, or a biometric enrolment without one
  | 'UNAVAILABLE' // the service is switched off (setAvailable(false))
  | 'INVALID'; // an argument out of range

export class IamError extends Error {
  constructor(readonly code: IamErrorCode, message: string) {
    super(message);
    this.name = 'IamError';
  }
}

export interface UserOption {
  /** OS user; the service's default user (100) when omitted. */
  readonly userId?: number;
}

export interface AuthenticateOptions extends UserOption {
  /** Trust level written into the token; ATL3 (30000) by default. */
  readonly trustLevel?: number;
  /** 0 local auth (default), 1 local re-sign, 2 co-auth. */
  readonly tokenType?: number;
  /** The token's time in ms; the device clock (now()) by default. */
  readonly time?: number;
}

export interface UserStatus {
  readonly userId: number;
  readonly pinSet: boolean;
  /** 16 hex digits, absent without a PIN. */
  readonly secureUid?: string;
  readonly fingerprints: readonly string[];
  readonly faces: readonly string[];
  /** Per type with credentials: the enrolled id as 16 hex digits. */
  readonly enrolledIds: Readonly<Partial<Record<CredentialKind, string>>>;
}

export const DEFAULT_IAM_USER = 100;
const PIN_NAME = 'pin';
const MAX_PIN_LENGTH = 256;
const MAX_NAME_LENGTH = 64;
/** scrypt cost: a simulator's PIN store needs no more than keeping PINs out of plain sight. */
const SCRYPT = { N: 4096, r: 8, p: 1 } as const;

const Setting = Object.freeze({
  AVAILABLE: 'available',
  FROZEN_CLOCK: 'clock.frozen',
  CLOCK_OFFSET: 'clock.offset',
  FOREGROUND: 'foreground.user',
});

export class IdentityService implements UserIamPort {
  private keys: TokenKeys | undefined;

  constructor(readonly home: string) {}

  /** Sets the lock-screen password; a new secure UID and PIN enrolled id are drawn (§9.2). */
  setPin(pin: string, options: UserOption = {}): void {
    checkPin(pin);
    const userId = userOf(options);
    withIamDb(this.home, (db) => {
      const user = db.user(userId);
      if (user?.pinHash !== undefined) throw new IamError('ALREADY_EXISTS', 'a PIN is already set');
      db.putUser(userId, { secureUid: randomU64(), ...hashPin(pin) });
      db.addCredential(userId, { kind: 'pin', name: PIN_NAME, credentialId: randomU64() });
      db.setEnrolledId(userId, 'pin', randomU64());
    });
  }

  /** Changes the PIN: the secure UID and enrolled id stay, so no key is invalidated (§6.4). */
  changePin(oldPin: string, newPin: string, options: UserOption = {}): void {
    checkPin(newPin);
    const userId = userOf(options);
    withIamDb(this.home, (db) => {
      const user = requirePin(db, userId);
      if (!pinMatches(user, oldPin)) throw new IamError('WRONG_CREDENTIAL', 'wrong PIN');
      db.putUser(userId, { secureUid: user.secureUid, ...hashPin(newPin) });
      db.removeCredentials(userId, 'pin');
      db.addCredential(userId, { kind: 'pin', name: PIN_NAME, credentialId: randomU64() });
    });
  }

  /**
   * Removes the PIN and, with it, the user's fingerprints and faces (§9.2 recommended rule:
   * biometrics are enrolled on top of a lock-screen password). The secure UID is dropped, so
   * a PIN set later gets a new one.
   */
  clearPin(options: UserOption = {}): void {
    const userId = userOf(options);
    withIamDb(this.home, (db) => {
      requirePin(db, userId);
      db.putUser(userId, { secureUid: undefined, pinSalt: undefined, pinHash: undefined });
      for (const kind of CREDENTIAL_KINDS) {
        db.removeCredentials(userId, kind);
        db.setEnrolledId(userId, kind, undefined);
      }
    });
  }

  /** Enrols a finger under a name; the fingerprint enrolled id changes (§9.2). */
  enrollFingerprint(name: string, options: UserOption = {}): void {
    this.enrollBiometric('fingerprint', name, options);
  }

  /** Deletes a finger; the enrolled id stays (deleting does not invalidate keys, §6.4). */
  removeFingerprint(name: string, options: UserOption = {}): void {
    this.removeBiometric('fingerprint', name, options);
  }

  enrollFace(name: string, options: UserOption = {}): void {
    this.enrollBiometric('face', name, options);
  }

  removeFace(name: string, options: UserOption = {}): void {
    this.removeBiometric('face', name, options);
  }

  /**
   * Authenticates the user with one credential and issues the 280-byte token for the
   * challenge (0..32 bytes, zero-padded; §9.3). `credential` is the PIN itself, or the name
   * of an enrolled finger or face.
   * @throws IamError WRONG_CREDENTIAL (no token), UNAVAILABLE, INVALID
   */
  authenticate(challenge: Uint8Array, kind: CredentialKind, credential: string,
    options: AuthenticateOptions = {}): Uint8Array {
    if (!(challenge instanceof Uint8Array) || challenge.length > CHALLENGE_SIZE) {
      throw new IamError('INVALID', `the challenge must be 0..${CHALLENGE_SIZE} bytes`);
    }
    if (!CREDENTIAL_KINDS.includes(kind)) throw new IamError('INVALID', `unknown type ${kind}`);
    const userId = userOf(options);
    const found = withIamDb(this.home, (db) => {
      requireAvailable(db);
      const user = db.user(userId);
      const name = kind === 'pin' ? PIN_NAME : credential;
      const row = db.credentials(userId, kind).find((c) => c.name === name);
      const pinOk = kind !== 'pin' || (user !== undefined && pinMatches(user, credential));
      const ok = row !== undefined && pinOk;
      const enrolledId = db.enrolledId(userId, kind);
      if (!ok || user?.secureUid === undefined || enrolledId === undefined) return undefined;
      return { secureUid: user.secureUid, enrolledId, credentialId: row.credentialId };
    });
    if (found === undefined) {
      const why = kind === 'pin' ? 'wrong PIN' : `no ${kind} named ${credential}`;
      throw new IamError('WRONG_CREDENTIAL', why);
    }
    const time = options.time ?? this.now();
    return encodeAuthToken({
      version: 1,
      challenge,
      time: BigInt(Math.max(0, Math.trunc(time))),
      trustLevel: options.trustLevel ?? AuthTrustLevel.ATL3,
      authType: iamTypeOf(kind),
      authMode: 0,
      securityLevel: 0,
      tokenType: options.tokenType ?? 0,
    }, { userId, ...found }, this.tokenKeys());
  }

  /** Switches the service on or off; off, every query and authentication fails (12000015). */
  setAvailable(available: boolean): void {
    withIamDb(this.home, (db) => db.setSetting(Setting.AVAILABLE, available ? undefined : '0'));
  }

  isAvailable(): boolean {
    return withIamDb(this.home, (db) => db.setting(Setting.AVAILABLE) !== '0');
  }

  /**
   * Freezes the device's monotonic clock at `ms` (tests of AUTH_TIMEOUT); undefined returns to
   * the real clock. Every process on this data directory reads the same clock.
   */
  setClock(ms: number | undefined): void {
    if (ms !== undefined && !(Number.isSafeInteger(ms) && ms >= 0)) {
      throw new IamError('INVALID', 'the clock is a non-negative integer of milliseconds');
    }
    withIamDb(this.home, (db) => {
      db.setSetting(Setting.FROZEN_CLOCK, ms === undefined ? undefined : String(ms));
      if (ms === undefined) db.setSetting(Setting.CLOCK_OFFSET, undefined);
    });
  }

  /** Moves the device clock forward (or back, negative) by `ms`, frozen or running. */
  advanceClock(ms: number): void {
    if (!Number.isSafeInteger(ms)) throw new IamError('INVALID', 'milliseconds must be an integer');
    withIamDb(this.home, (db) => {
      const frozen = db.setting(Setting.FROZEN_CLOCK);
      if (frozen !== undefined) {
        db.setSetting(Setting.FROZEN_CLOCK, String(Math.max(0, Number(frozen) + ms)));
      } else {
        const offset = Number(db.setting(Setting.CLOCK_OFFSET) ?? '0');
        db.setSetting(Setting.CLOCK_OFFSET, String(offset + ms));
      }
    });
  }

  /** The device's monotonic clock in ms: frozen value, or CLOCK_MONOTONIC plus any offset. */
  now(): number {
    return withIamDb(this.home, (db) => {
      const frozen = db.setting(Setting.FROZEN_CLOCK);
      if (frozen !== undefined) return Number(frozen);
      return monotonicMs() + Number(db.setting(Setting.CLOCK_OFFSET) ?? '0');
    });
  }

  setForegroundUser(userId: number): void {
    checkUser(userId);
    withIamDb(this.home, (db) => db.setSetting(Setting.FOREGROUND, String(userId)));
  }

  foregroundUser(): number {
    return withIamDb(this.home, (db) => Number(db.setting(Setting.FOREGROUND) ?? DEFAULT_IAM_USER));
  }

  status(options: UserOption = {}): UserStatus {
    const userId = userOf(options);
    return withIamDb(this.home, (db) => {
      const user = db.user(userId);
      const creds = db.credentials(userId);
      const enrolledIds: Partial<Record<CredentialKind, string>> = {};
      for (const kind of CREDENTIAL_KINDS) {
        const id = db.enrolledId(userId, kind);
        if (id !== undefined && creds.some((c) => c.kind === kind)) enrolledIds[kind] = hex64(id);
      }
      return {
        userId,
        pinSet: user?.pinHash !== undefined,
        ...(user?.secureUid === undefined ? {} : { secureUid: hex64(user.secureUid) }),
        fingerprints: creds.filter((c) => c.kind === 'fingerprint').map((c) => c.name),
        faces: creds.filter((c) => c.kind === 'face').map((c) => c.name),
        enrolledIds,
      };
    });
  }

  /** GetCredentialInfo (§9.1). @throws IamQueryError 'failed' when switched off */
  credentialCount(userId: number, iamType: number): number {
    const kind = CREDENTIAL_KINDS.find((k) => iamTypeOf(k) === iamType);
    return withIamDb(this.home, (db) => {
      if (db.setting(Setting.AVAILABLE) === '0') throw unavailable();
      if (kind === undefined) throw new IamQueryError('failed', `auth type ${iamType}`);
      return db.credentials(userId, kind).length;
    });
  }

  /** GetSecUserInfo (§9.1). @throws IamQueryError 'failed' (off), 'no-credential' (no PIN) */
  securityInfo(userId: number): SecurityInfo {
    return withIamDb(this.home, (db) => {
      if (db.setting(Setting.AVAILABLE) === '0') throw unavailable();
      const user = db.user(userId);
      if (user?.secureUid === undefined) {
        throw new IamQueryError('no-credential', `user ${userId} has no credential`);
      }
      const creds = db.credentials(userId);
      const enrolled = CREDENTIAL_KINDS.flatMap((kind) => {
        const enrolledId = db.enrolledId(userId, kind);
        if (enrolledId === undefined || !creds.some((c) => c.kind === kind)) return [];
        return [{ iamType: iamTypeOf(kind), enrolledId }];
      });
      return { secureUid: user.secureUid, enrolled };
    });
  }

  /** The device's AT keys, read (or created) once per service object. */
  tokenKeys(): TokenKeys {
    this.keys ??= loadTokenKeys(this.home);
    return this.keys;
  }

  private enrollBiometric(kind: CredentialKind, name: string, options: UserOption): void {
    checkName(name);
    const userId = userOf(options);
    withIamDb(this.home, (db) => {
      requirePin(db, userId);
      if (db.credentials(userId, kind).some((c) => c.name === name)) {
        throw new IamError('ALREADY_EXISTS', `${kind} ${name} is already enrolled`);
      }
      db.addCredential(userId, { kind, name, credentialId: randomU64() });
      db.setEnrolledId(userId, kind, randomU64());
    });
  }

  private removeBiometric(kind: CredentialKind, name: string, options: UserOption): void {
    const userId = userOf(options);
    withIamDb(this.home, (db) => {
      if (db.removeCredentials(userId, kind, name) === 0) {
        throw new IamError('NOT_ENROLLED', `no ${kind} named ${name}`);
      }
    });
  }
}

/** The clock the token time and the core's init time share: CLOCK_MONOTONIC in ms. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

function userOf(options: UserOption): number {
  const userId = options.userId ?? DEFAULT_IAM_USER;
  checkUser(userId);
  return userId;
}

function checkUser(userId: number): void {
  if (!Number.isSafeInteger(userId) || userId < 0 || userId > 0x7fffffff) {
    throw new IamError('INVALID', `user id ${userId} is not a non-negative 32-bit integer`);
  }
}

function checkPin(pin: string): void {
  if (typeof pin !== 'string' || pin.length === 0 || pin.length > MAX_PIN_LENGTH) {
    throw new IamError('INVALID', `a PIN is 1..${MAX_PIN_LENGTH} characters`);
  }
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new IamError('INVALID', `a credential name is 1..${MAX_NAME_LENGTH} characters`);
  }
}

function requirePin(db: IamDb, userId: number) {
  const user = db.user(userId);
  if (user?.pinHash === undefined) throw new IamError('PIN_NOT_SET', `user ${userId} has no PIN`);
  return user;
}

function requireAvailable(db: IamDb): void {
  if (db.setting(Setting.AVAILABLE) === '0') {
    throw new IamError('UNAVAILABLE', 'the identity service is unavailable');
  }
}

function unavailable(): IamQueryError {
  return new IamQueryError('failed', 'the identity service is unavailable');
}

function hashPin(pin: string): { pinSalt: Buffer; pinHash: Buffer } {
  const pinSalt = randomBytes(16);
  return { pinSalt, pinHash: scryptSync(pin, pinSalt, 32, SCRYPT) };
}

function pinMatches(user: { pinSalt?: Buffer; pinHash?: Buffer }, pin: string): boolean {
  if (user.pinSalt === undefined || user.pinHash === undefined || typeof pin !== 'string') {
    return false;
  }
  return timingSafeEqual(scryptSync(pin, user.pinSalt, 32, SCRYPT), user.pinHash);
}

/** A random non-zero u64 (ids and secure UIDs; zero would read as "none"). */
function randomU64(): bigint {
  for (;;) {
    const value = randomBytes(8).readBigUInt64LE(0);
    if (value !== 0n) return value;
  }
}
