import { HksErr, HuksFailure } from '../errors/failure.js';

/**
 * The session limits of sessions.md §5. 'api9' (openhuks default): 15 sessions in total, the
 * 16th init fails, nothing is evicted. 'current' (the reference's present policy): 96 in total
 * and 32 per app, the oldest idle session is evicted to make room.
 */
export type SessionPolicy = 'api9' | 'current';

export const SESSION_POLICIES: readonly SessionPolicy[] = ['api9', 'current'];

export const API9_MAX_SESSIONS = 15;
/** MAX_OPERATIONS_COUNT of the reference. */
export const CURRENT_MAX_SESSIONS = 96;
/** MAX_OPERATIONS_EACH_TOKEN_ID of the reference. */
export const CURRENT_MAX_SESSIONS_PER_OWNER = 32;

/** What admission needs to know of a live session. */
export interface AdmissionView {
  readonly ownerKey: string;
  readonly inUse: boolean;
}

export function isSessionPolicy(value: unknown): value is SessionPolicy {
  return SESSION_POLICIES.includes(value as SessionPolicy);
}

/** The live sessions, oldest first, as the session table holds them (a Map's values). */
export interface LiveSessions<T> {
  readonly size: number;
  values(): IterableIterator<T>;
}

/**
 * sessions.md §5 admission of one new session of `ownerKey`, given the live sessions oldest
 * first. Returns the sessions to evict (at most two: one of the owner's, one globally).
 * Step 1 (expired batch sessions) never applies: openhuks has no batch mode (§6.2).
 * Runs on every init, so it reads the table in place instead of copying it.
 * @throws HuksFailure -39 (12000010) when the limit is reached and nothing may be evicted.
 */
export function admit<T extends AdmissionView>(
  policy: SessionPolicy,
  live: LiveSessions<T>,
  ownerKey: string,
): T[] {
  if (policy === 'api9') {
    if (live.size >= API9_MAX_SESSIONS) throw limitReached(`${API9_MAX_SESSIONS} in total`);
    return [];
  }

  const victims: T[] = [];
  let owned = 0;
  let oldestOwned: T | undefined;
  for (const s of live.values()) {
    if (s.ownerKey !== ownerKey) continue;
    owned++;
    if (oldestOwned === undefined && !s.inUse) oldestOwned = s;
  }
  if (owned >= CURRENT_MAX_SESSIONS_PER_OWNER) {
    if (oldestOwned === undefined) {
      throw limitReached(`${CURRENT_MAX_SESSIONS_PER_OWNER} of one app`);
    }
    victims.push(oldestOwned);
  }

  if (live.size - victims.length >= CURRENT_MAX_SESSIONS) {
    const oldest = firstIdle(live, victims);
    if (oldest === undefined) throw limitReached(`${CURRENT_MAX_SESSIONS} in total`);
    victims.push(oldest);
  }
  return victims;
}

function firstIdle<T extends AdmissionView>(live: LiveSessions<T>, except: readonly T[]) {
  for (const s of live.values()) {
    if (!s.inUse && !except.includes(s)) return s;
  }
  return undefined;
}

/**
 * openhuks decision (sessions.md §5): 12000010 also where the reference's core table surfaces
 * 12000012, because that is the documented meaning of a session limit.
 */
function limitReached(which: string): HuksFailure {
  return new HuksFailure(HksErr.SESSION_REACHED_LIMIT, `${which} sessions are open`);
}
