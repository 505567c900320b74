/**
 * Why the daemon refused a connection (the REFUSED message, docs/protocol.md). Numbers are
 * part of the protocol; the text next to them is for people and logs.
 */
export const RefuseReason = Object.freeze({
  /** The bytes are not a frame of this protocol (bad length, unknown kind, truncated body). */
  MALFORMED: 1,
  /** A frame's length prefix is above MAX_FRAME_BYTES. */
  TOO_LARGE: 2,
  /** No version in the client's range is spoken by the daemon. */
  VERSION: 3,
  /** The app token is not in the daemon's registry. */
  UNKNOWN_TOKEN: 4,
  /** The first frame was not a HELLO, or a second HELLO came. */
  NOT_HELLO: 5,
  /** The daemon is stopping (SIGTERM/SIGINT). */
  SHUTDOWN: 6,
  /** The app was removed (`huks app remove`) while connected. */
  APP_REMOVED: 7,
  /** The daemon failed on its side (its registry could not be read, for instance). */
  INTERNAL: 8,
} as const);

export type RefuseReasonCode = (typeof RefuseReason)[keyof typeof RefuseReason];

/**
 * Bytes that break the protocol. The daemon answers with REFUSED (or a FAILURE for one bad
 * request whose framing is intact); the client turns it into 12000005.
 */
export class ProtocolError extends Error {
  constructor(
    readonly reason: RefuseReasonCode,
    message: string,
  ) {
    super(message);
    this.name = 'ProtocolError';
  }
}
