import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

import { configureConnection } from '../store/database.js';
import { PRIVATE_FILE_MODE } from '../store/atomic-file.js';
import type { CredentialKind } from './auth-types.js';
import { IAM_DIR } from './token-keys.js';

/**
 * The identity service's state, per OS user, in `<home>/iam/iam.db` (its own SQLite file next
 * to the key database, so that enrolments survive restarts as keys do and several processes
 * on one data directory - app, daemon, CLI - see the same device). u64 ids are stored as 16
 * hex digits because SQLite integers are signed.
 */

export const IAM_DB_FILE = 'iam.db';
const BUSY_TIMEOUT_MS = 10_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS iam_users (
  user_id INTEGER PRIMARY KEY,
  secure_uid TEXT,
  pin_salt BLOB,
  pin_hash BLOB
);
CREATE TABLE IF NOT EXISTS iam_credentials (
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  name TEXT NOT NULL,
  credential_id TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, name)
);
CREATE TABLE IF NOT EXISTS iam_enrolled (
  user_id INTEGER NOT NULL,
  kind TEXT NOT NULL,
  enrolled_id TEXT NOT NULL,
  PRIMARY KEY (user_id, kind)
);
CREATE TABLE IF NOT EXISTS iam_device (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);`;

export interface UserRow {
  readonly secureUid: bigint | undefined;
  readonly pinSalt: Buffer | undefined;
  readonly pinHash: Buffer | undefined;
}

export interface CredentialRow {
  readonly kind: CredentialKind;
  readonly name: string;
  readonly credentialId: bigint;
}

/** Typed statements over one open connection; every write runs in the caller's transaction. */
export class IamDb {
  constructor(readonly db: Database.Database) {}

  user(userId: number): UserRow | undefined {
    const row = this.db.prepare('SELECT secure_uid, pin_salt, pin_hash FROM iam_users'
      + ' WHERE user_id = ?').get(userId) as
      { secure_uid: string | null; pin_salt: Buffer | null; pin_hash: Buffer | null } | undefined;
    if (row === undefined) return undefined;
    return {
      secureUid: row.secure_uid === null ? undefined : BigInt(`0x${row.secure_uid}`),
      pinSalt: row.pin_salt ?? undefined,
      pinHash: row.pin_hash ?? undefined,
    };
  }

  putUser(userId: number, row: UserRow): void {
    this.db.prepare('INSERT OR REPLACE INTO iam_users VALUES (?, ?, ?, ?)').run(userId,
      row.secureUid === undefined ? null : hex64(row.secureUid), row.pinSalt ?? null,
      row.pinHash ?? null);
  }

  credentials(userId: number, kind?: CredentialKind): CredentialRow[] {
    const rows = (kind === undefined
      ? this.db.prepare('SELECT kind, name, credential_id FROM iam_credentials WHERE user_id = ?'
        + ' ORDER BY kind, name').all(userId)
      : this.db.prepare('SELECT kind, name, credential_id FROM iam_credentials'
        + ' WHERE user_id = ? AND kind = ? ORDER BY name').all(userId, kind)) as
      { kind: CredentialKind; name: string; credential_id: string }[];
    return rows.map((r) => ({
      kind: r.kind, name: r.name, credentialId: BigInt(`0x${r.credential_id}`),
    }));
  }

  addCredential(userId: number, row: CredentialRow): void {
    this.db.prepare('INSERT INTO iam_credentials VALUES (?, ?, ?, ?)')
      .run(userId, row.kind, row.name, hex64(row.credentialId));
  }

  removeCredentials(userId: number, kind: CredentialKind, name?: string): number {
    const result = name === undefined
      ? this.db.prepare('DELETE FROM iam_credentials WHERE user_id = ? AND kind = ?')
        .run(userId, kind)
      : this.db.prepare('DELETE FROM iam_credentials WHERE user_id = ? AND kind = ? AND name = ?')
        .run(userId, kind, name);
    return result.changes;
  }

  enrolledId(userId: number, kind: CredentialKind): bigint | undefined {
    const value = this.db.prepare('SELECT enrolled_id FROM iam_enrolled'
      + ' WHERE user_id = ? AND kind = ?').pluck().get(userId, kind) as string | undefined;
    return value === undefined ? undefined : BigInt(`0x${value}`);
  }

  setEnrolledId(userId: number, kind: CredentialKind, id: bigint | undefined): void {
    if (id === undefined) {
      this.db.prepare('DELETE FROM iam_enrolled WHERE user_id = ? AND kind = ?').run(userId, kind);
    } else {
      this.db.prepare('INSERT OR REPLACE INTO iam_enrolled VALUES (?, ?, ?)')
        .run(userId, kind, hex64(id));
    }
  }

  setting(name: string): string | undefined {
    return this.db.prepare('SELECT value FROM iam_device WHERE name = ?').pluck().get(name) as
      string | undefined;
  }

  setSetting(name: string, value: string | undefined): void {
    if (value === undefined) this.db.prepare('DELETE FROM iam_device WHERE name = ?').run(name);
    else this.db.prepare('INSERT OR REPLACE INTO iam_device VALUES (?, ?)').run(name, value);
  }
}

/**
 * Runs `work` on the device's identity database inside one transaction, opening and closing
 * the connection around it: the state is small and read rarely (generation and first use of
 * auth-bound keys), and a short-lived connection leaves nothing open in the instances that
 * never use it.
 */
export function withIamDb<T>(home: string, work: (db: IamDb) => T): T {
  const dir = join(home, IAM_DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, IAM_DB_FILE);
  if (!existsSync(path)) {
    try {
      closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'EEXIST') throw err;
    }
  }
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    configureConnection(db);
    db.exec(SCHEMA);
    const iam = new IamDb(db);
    return db.transaction(() => work(iam)).immediate();
  } finally {
    db.close();
  }
}

export function hex64(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}
