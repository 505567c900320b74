import { ByteReader, ByteWriter, type Frame } from './codec.js';
import { ProtocolError, RefuseReason, type RefuseReasonCode } from './errors.js';
import { HELLO_MAGIC, MAX_TOKEN_BYTES } from './limits.js';
import {
  readFields,
  readResult,
  specOf,
  writeFields,
  writeResult,
  type FieldValue,
  type OpCode,
  type OpSpec,
  type ResultKind,
  type ResultValue,
} from './operations.js';

/**
 * The messages of the protocol (docs/protocol.md "Messages"). Every frame body starts with
 * u8 kind and u32 id; the id pairs a reply with its request (0 for connection-level messages),
 * so one connection carries many requests at once and replies may come in any order.
 */
export const Kind = Object.freeze({
  HELLO: 0x01,
  WELCOME: 0x02,
  REFUSED: 0x03,
  REQUEST: 0x10,
  REPLY: 0x11,
  FAILURE: 0x12,
} as const);

/** WELCOME flag: the app may call the *AsUser functions. */
export const FLAG_SYSTEM = 0x01;

export interface Hello {
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly token: Uint8Array;
}

export interface Welcome {
  readonly version: number;
  readonly isSystem: boolean;
  readonly app: string;
  readonly userId: number;
}

export interface Refused {
  readonly reason: RefuseReasonCode;
  readonly message: string;
}

export interface Request {
  readonly id: number;
  readonly op: OpCode;
  readonly spec: OpSpec;
  readonly fields: FieldValue[];
}

/** What a client reads: the reply to one request, or the end of the connection. */
export type ServerMessage =
  | { readonly kind: typeof Kind.WELCOME; readonly welcome: Welcome }
  | { readonly kind: typeof Kind.REFUSED; readonly refused: Refused }
  | { readonly kind: typeof Kind.REPLY; readonly id: number; readonly body: ByteReader }
  | {
      readonly kind: typeof Kind.FAILURE;
      readonly id: number;
      readonly internal: number;
      readonly detail: string;
    };

export function encodeHello(hello: Hello): Buffer {
  const w = header(Kind.HELLO, 0);
  for (const byte of HELLO_MAGIC) w.u8(byte);
  return w.u16(hello.minVersion).u16(hello.maxVersion).bytes(hello.token).frame();
}

export function encodeWelcome(welcome: Welcome): Buffer {
  return header(Kind.WELCOME, 0)
    .u16(welcome.version)
    .u8(welcome.isSystem ? FLAG_SYSTEM : 0)
    .string(welcome.app)
    .u32(welcome.userId)
    .frame();
}

export function encodeRefused(reason: RefuseReasonCode, message: string): Buffer {
  return header(Kind.REFUSED, 0).u16(reason).string(message).frame();
}

export function encodeRequest(id: number, op: OpCode, fields: readonly FieldValue[]): Buffer {
  return requestWriter(id, op, fields).frame();
}

/** encodeRequest as chunks for a vectored write: large fields are not copied. */
export function requestFrame(id: number, op: OpCode, fields: readonly FieldValue[]): Frame {
  return requestWriter(id, op, fields).chunks();
}

export function encodeReply(id: number, kind: ResultKind, value: ResultValue): Buffer {
  return replyWriter(id, kind, value).frame();
}

/** encodeReply as chunks for a vectored write: large results are not copied. */
export function replyFrame(id: number, kind: ResultKind, value: ResultValue): Frame {
  return replyWriter(id, kind, value).chunks();
}

export function encodeFailure(id: number, internal: number, detail: string): Buffer {
  return header(Kind.FAILURE, id).i32(internal).string(detail).frame();
}

/**
 * The first frame of a connection. @throws ProtocolError NOT_HELLO for another kind,
 * MALFORMED for a bad magic or shape.
 */
export function decodeHello(body: Uint8Array): Hello {
  const r = new ByteReader(body);
  const kind = r.u8();
  r.u32();
  if (kind !== Kind.HELLO) throw new ProtocolError(RefuseReason.NOT_HELLO, 'expected HELLO');
  for (const byte of HELLO_MAGIC) {
    if (r.u8() !== byte) throw new ProtocolError(RefuseReason.MALFORMED, 'not a HUKS client');
  }
  const minVersion = r.u16();
  const maxVersion = r.u16();
  const tokenLength = r.u32();
  if (tokenLength > MAX_TOKEN_BYTES) {
    throw new ProtocolError(RefuseReason.MALFORMED, `token of ${tokenLength} bytes`);
  }
  const token = new Uint8Array(body.subarray(body.length - r.remaining, body.length));
  if (token.length !== tokenLength) throw new ProtocolError(RefuseReason.MALFORMED, 'token');
  return { minVersion, maxVersion, token };
}

/**
 * A frame after the HELLO. Returns the request id as soon as it is readable, so that a request
 * with a bad body can still be answered with a FAILURE for its id.
 * @throws ProtocolError NOT_HELLO for a second HELLO, MALFORMED for any other kind or a header
 *   too short to carry an id.
 */
export function decodeRequest(body: Uint8Array): { id: number; parse: () => Request } {
  const r = new ByteReader(body, true);
  const kind = r.u8();
  const id = r.u32();
  if (kind === Kind.HELLO) throw new ProtocolError(RefuseReason.NOT_HELLO, 'a second HELLO');
  if (kind !== Kind.REQUEST) {
    throw new ProtocolError(RefuseReason.MALFORMED, `unknown message kind ${kind}`);
  }
  return {
    id,
    parse: () => {
      const op = r.u8();
      const spec = specOf(op);
      if (spec === undefined) throw new ProtocolError(RefuseReason.MALFORMED, `unknown op ${op}`);
      return { id, op: op as OpCode, spec, fields: readFields(r, spec) };
    },
  };
}

/** Any frame from the daemon. @throws ProtocolError MALFORMED. */
export function decodeServerMessage(body: Uint8Array): ServerMessage {
  const r = new ByteReader(body);
  const kind = r.u8();
  const id = r.u32();
  switch (kind) {
    case Kind.WELCOME: {
      const version = r.u16();
      const flags = r.u8();
      const app = r.string();
      const userId = r.u32();
      r.end();
      return { kind, welcome: { version, isSystem: (flags & FLAG_SYSTEM) !== 0, app, userId } };
    }
    case Kind.REFUSED: {
      const reason = r.u16() as RefuseReasonCode;
      const message = r.string();
      return { kind, refused: { reason, message } };
    }
    case Kind.REPLY:
      return { kind, id, body: r };
    case Kind.FAILURE: {
      const internal = r.i32();
      const detail = r.string();
      r.end();
      return { kind, id, internal, detail };
    }
    default:
      throw new ProtocolError(RefuseReason.MALFORMED, `unknown message kind ${kind}`);
  }
}

/** Reads a REPLY body by the shape its request expects. @throws ProtocolError MALFORMED. */
export function decodeReplyValue(body: ByteReader, kind: ResultKind): ResultValue {
  return readResult(body, kind);
}

function requestWriter(id: number, op: OpCode, fields: readonly FieldValue[]): ByteWriter {
  const w = header(Kind.REQUEST, id).u8(op);
  writeFields(w, op, fields);
  return w;
}

function replyWriter(id: number, kind: ResultKind, value: ResultValue): ByteWriter {
  const w = header(Kind.REPLY, id);
  writeResult(w, kind, value);
  return w;
}

function header(kind: number, id: number): ByteWriter {
  return new ByteWriter().u8(kind).u32(id);
}
