import { randomBytes } from 'node:crypto';

import type { CoreOperation } from '../core/types.js';
import { HksErr, HuksFailure } from '../errors/failure.js';
import type { Namespace } from '../store/types.js';
import { admit, type SessionPolicy } from './session-policy.js';
import type { Caller } from './types.js';

/** sessions.md §2.4: a colliding random handle is redrawn at most this many times. */
export const HANDLE_DRAWS = 10;

/** One open session (sessions.md §1): who owns it, where it stores keys, its crypto state. */
export interface SessionRecord {
  readonly handle: number;
  /** The access-token equivalent: app, uid and user of the caller that opened it. */
  readonly ownerKey: string;
  readonly app: string;
  readonly uid: number;
  readonly userId: number;
  readonly connectionId: string | undefined;
  /** The namespace of the init, where a derived or agreed key of this session is stored. */
  readonly ns: Namespace;
  readonly operation: CoreOperation;
  /** A call on this session is running (sessions.md §8: other calls see "not found"). */
  inUse: boolean;
}

export interface SessionTableOptions {
  readonly policy: SessionPolicy;
  /** Draws a 32-bit handle; crypto RNG by default, replaceable to test collisions. */
  readonly drawHandle?: () => number;
}

/**
 * The session table of sessions.md: handles, ownership, busy marks and the limits of §5.
 * Map order is creation order, which is the eviction order ("oldest", not least recently used).
 * Every record that leaves the table has its operation disposed.
 */
export class SessionTable {
  private readonly records = new Map<number, SessionRecord>();
  private readonly policy: SessionPolicy;
  private readonly drawHandle: () => number;

  constructor(options: SessionTableOptions) {
    this.policy = options.policy;
    this.drawHandle = options.drawHandle ?? drawRandomHandle;
  }

  get size(): number {
    return this.records.size;
  }

  /**
   * Admits a ready operation (sessions.md §2.3 step 9) and returns its handle. The handle is
   * drawn before admission so that a failed draw costs no other session.
   * @throws HuksFailure -1 (12000012) after 10 colliding handles; -39 (12000010) at the limit.
   */
  open(caller: Caller, ns: Namespace, operation: CoreOperation): number {
    const handle = this.freshHandle();
    const ownerKey = ownerKeyOf(caller);
    for (const victim of admit(this.policy, this.records, ownerKey)) {
      this.remove(victim);
    }

    this.records.set(handle, {
      handle,
      ownerKey,
      app: caller.app,
      uid: caller.uid,
      userId: caller.userId,
      connectionId: caller.connectionId,
      ns,
      operation,
      inUse: false,
    });
    return handle;
  }

  /**
   * Finds the caller's session and marks it busy for one update/finish (sessions.md §3.2, §8).
   * Another uid or user's handle, an unknown or a busy one all read as not found; the same
   * uid and user under another app identity is refused without touching the session.
   * @throws HuksFailure -13 (12000011) not found or busy; -2 (12000012) another app identity.
   */
  acquire(caller: Caller, handle: number): SessionRecord {
    const record = this.find(caller, handle);
    if (record === undefined) throw new HuksFailure(HksErr.NOT_EXIST, 'no such session handle');
    if (record.app !== caller.app) {
      throw new HuksFailure(HksErr.BAD_STATE, 'the session belongs to another app identity');
    }
    if (record.inUse) {
      throw new HuksFailure(HksErr.NOT_EXIST, 'a call on this session is still running');
    }
    record.inUse = true;
    return record;
  }

  /** Ends a call: the session stays open (keep) or is removed and disposed. */
  release(record: SessionRecord, keep: boolean): void {
    record.inUse = false;
    if (!keep || this.records.get(record.handle) !== record) this.remove(record);
  }

  /**
   * abortSession (sessions.md §9.1): an idle session of the caller's uid and user is removed;
   * unknown, foreign or busy handles are left alone and it is still a success (§8).
   */
  abort(caller: Caller, handle: number): boolean {
    const record = this.find(caller, handle);
    if (record === undefined || record.inUse) return false;
    this.remove(record);
    return true;
  }

  /** A connection went away: its sessions are aborted (sessions.md §9.2). Returns how many. */
  abortAllOf(connectionId: string): number {
    const theirs = [...this.records.values()].filter((r) => r.connectionId === connectionId);
    for (const record of theirs) this.remove(record);
    return theirs.length;
  }

  /** Shutdown: every session ends and its operation is disposed. */
  closeAll(): void {
    for (const record of [...this.records.values()]) this.remove(record);
  }

  private find(caller: Caller, handle: number): SessionRecord | undefined {
    const key = handleKey(handle);
    const record = key === undefined ? undefined : this.records.get(key);
    if (record === undefined || record.uid !== caller.uid || record.userId !== caller.userId) {
      return undefined;
    }
    return record;
  }

  private freshHandle(): number {
    for (let i = 0; i < HANDLE_DRAWS; i++) {
      const handle = this.drawHandle() >>> 0;
      if (!this.records.has(handle)) return handle;
    }
    throw new HuksFailure(HksErr.FAILURE, `${HANDLE_DRAWS} session handles in a row collided`);
  }

  private remove(record: SessionRecord): void {
    if (this.records.get(record.handle) === record) this.records.delete(record.handle);
    // A busy record is disposed by release(), after its running call returns.
    if (!record.inUse) record.operation.dispose();
  }
}

/** Handles come from the CSPRNG in blocks: one randomBytes call per 64 handles, not per init. */
const HANDLE_BLOCK = 256;
let handleBytes = Buffer.alloc(0);
let handleOffset = 0;

function drawRandomHandle(): number {
  if (handleOffset >= handleBytes.length) {
    handleBytes = randomBytes(HANDLE_BLOCK);
    handleOffset = 0;
  }
  const handle = handleBytes.readUInt32LE(handleOffset);
  handleOffset += 4;
  return handle;
}

/** A client keeps one Caller object for all its calls, so its key is built once. */
const ownerKeys = new WeakMap<Caller, string>();

function ownerKeyOf(caller: Caller): string {
  let key = ownerKeys.get(caller);
  if (key === undefined) {
    key = JSON.stringify([caller.app, caller.uid, caller.userId]);
    ownerKeys.set(caller, key);
  }
  return key;
}

/**
 * sessions.md §2.4: the binding truncates the number toward zero into a uint64; anything that
 * is not such a value matches no session. Handles are drawn below 2^32.
 */
function handleKey(handle: number): number | undefined {
  if (!Number.isFinite(handle)) return undefined;
  const key = Math.trunc(handle);
  // -0 needs no care: Map keys compare with SameValueZero.
  return key < 0 || key > 0xffffffff ? undefined : key;
}
