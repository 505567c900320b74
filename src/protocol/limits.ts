/**
 * The numbers of the openhuks IPC protocol (docs/protocol.md). They are part of the protocol:
 * changing one changes what a peer may send, so a change needs a new protocol version.
 */

/** Versions this build speaks; HELLO offers the range, WELCOME names the one chosen. */
export const MIN_PROTOCOL_VERSION = 1;
export const MAX_PROTOCOL_VERSION = 1;

/** "HUKS" at the start of every HELLO, so that a stray peer is refused at its first frame. */
export const HELLO_MAGIC = Uint8Array.of(0x48, 0x55, 0x4b, 0x53);

/** Bytes of the length prefix in front of every frame body (u32, little-endian). */
export const FRAME_PREFIX = 4;

/**
 * Largest frame body, either direction: 8 MiB. The reference's IPC buffer is 1 MiB
 * (sessions.md §7.3) and the core already refuses session data above 983,040 bytes with 401;
 * the larger frame leaves room for listings and imports so that every request the in-process
 * keystore accepts also fits here, and the core, not the transport, decides. A request above
 * it is refused by the client with 401 like the reference's MAX_MALLOC_LEN check.
 */
export const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/** A HELLO token longer than this is refused before any registry look-up. */
export const MAX_TOKEN_BYTES = 256;

/** Requests of one connection that may run at once; reading pauses above it (backpressure). */
export const MAX_IN_FLIGHT = 256;
