import { ByteReader, ByteWriter } from './codec.js';
import { ProtocolError, RefuseReason } from './errors.js';

/**
 * The requests a client may send once welcomed, one per keystore service method plus CLOSE
 * (docs/protocol.md "Operations"). Codes are part of the protocol. The protocol knows only
 * the shape of each request (bytes and numbers) and of its result, not what a key is:
 * parameter sets travel as the bytes of ParamSet.serialize.
 */
export const Op = Object.freeze({
  GENERATE_KEY: 1,
  IMPORT_KEY: 2,
  IMPORT_WRAPPED_KEY: 3,
  EXPORT_KEY: 4,
  DELETE_KEY: 5,
  GET_KEY_PROPERTIES: 6,
  KEY_EXISTS: 7,
  LIST_ALIASES: 8,
  ATTEST_KEY: 9,
  INIT_SESSION: 10,
  UPDATE_SESSION: 11,
  FINISH_SESSION: 12,
  ABORT_SESSION: 13,
  /** Ends the connection's sessions and answers; the client then closes the socket. */
  CLOSE: 14,
} as const);

export type OpCode = (typeof Op)[keyof typeof Op];

/** A request field: length-prefixed bytes, or a float64 (session handles, exactly as given). */
export type FieldKind = 'bytes' | 'number';
export type FieldValue = Uint8Array | number;

/** void; bytes; bool (u8); list (u32 count, then bytes each); session (f64, u8, bytes). */
export type ResultKind = 'void' | 'bytes' | 'bool' | 'list' | 'session';

export interface SessionResult {
  readonly handle: number;
  readonly challenge?: Uint8Array;
}

export type ResultValue = undefined | Uint8Array | boolean | Uint8Array[] | SessionResult;

export interface OpSpec {
  readonly name: string;
  readonly args: readonly FieldKind[];
  readonly result: ResultKind;
}

const B = 'bytes';
const N = 'number';

const SPECS: Readonly<Record<OpCode, OpSpec>> = {
  [Op.GENERATE_KEY]: { name: 'generateKey', args: [B, B], result: 'void' },
  [Op.IMPORT_KEY]: { name: 'importKey', args: [B, B, B], result: 'void' },
  [Op.IMPORT_WRAPPED_KEY]: { name: 'importWrappedKey', args: [B, B, B, B], result: 'void' },
  [Op.EXPORT_KEY]: { name: 'exportKey', args: [B, B], result: 'bytes' },
  [Op.DELETE_KEY]: { name: 'deleteKey', args: [B, B], result: 'void' },
  [Op.GET_KEY_PROPERTIES]: { name: 'getKeyProperties', args: [B, B], result: 'bytes' },
  [Op.KEY_EXISTS]: { name: 'keyExists', args: [B, B], result: 'bool' },
  [Op.LIST_ALIASES]: { name: 'listAliases', args: [B], result: 'list' },
  [Op.ATTEST_KEY]: { name: 'attestKey', args: [B, B], result: 'list' },
  [Op.INIT_SESSION]: { name: 'initSession', args: [B, B], result: 'session' },
  [Op.UPDATE_SESSION]: { name: 'updateSession', args: [N, B, B], result: 'bytes' },
  [Op.FINISH_SESSION]: { name: 'finishSession', args: [N, B, B], result: 'bytes' },
  [Op.ABORT_SESSION]: { name: 'abortSession', args: [N, B], result: 'void' },
  [Op.CLOSE]: { name: 'close', args: [], result: 'void' },
};

export function specOf(op: number): OpSpec | undefined {
  return Object.prototype.hasOwnProperty.call(SPECS, op) ? SPECS[op as OpCode] : undefined;
}

/** Writes a request's fields, checked against the operation's shape. */
export function writeFields(w: ByteWriter, op: OpCode, fields: readonly FieldValue[]): void {
  const { args, name } = SPECS[op];
  if (fields.length !== args.length) throw new TypeError(`${name}: ${args.length} fields`);
  args.forEach((kind, i) => {
    const value = fields[i];
    if (kind === 'number' && typeof value === 'number') w.f64(value);
    else if (kind === 'bytes' && value instanceof Uint8Array) w.bytes(value);
    else throw new TypeError(`${name}: field ${i} must be ${kind}`);
  });
}

/** Reads a request's fields by its shape. @throws ProtocolError MALFORMED. */
export function readFields(r: ByteReader, spec: OpSpec): FieldValue[] {
  const fields = spec.args.map((kind) => (kind === 'number' ? r.f64() : r.bytes()));
  r.end();
  return fields;
}

/** Writes a result of the given shape; a value of another shape is a bug of the caller. */
export function writeResult(w: ByteWriter, kind: ResultKind, value: ResultValue): void {
  switch (kind) {
    case 'void':
      return;
    case 'bytes':
      w.bytes(expect<Uint8Array>(value instanceof Uint8Array, value));
      return;
    case 'bool':
      w.u8(expect<boolean>(typeof value === 'boolean', value) ? 1 : 0);
      return;
    case 'list': {
      const list = expect<Uint8Array[]>(Array.isArray(value), value);
      w.u32(list.length);
      for (const item of list) w.bytes(item);
      return;
    }
    case 'session': {
      const session = expect<SessionResult>(isSession(value), value);
      w.f64(session.handle);
      w.u8(session.challenge === undefined ? 0 : 1);
      w.bytes(session.challenge ?? new Uint8Array(0));
      return;
    }
  }
}

/** Reads a result of the given shape. @throws ProtocolError MALFORMED. */
export function readResult(r: ByteReader, kind: ResultKind): ResultValue {
  let value: ResultValue;
  switch (kind) {
    case 'void':
      value = undefined;
      break;
    case 'bytes':
      value = r.bytes();
      break;
    case 'bool':
      value = readBool(r);
      break;
    case 'list': {
      const count = r.u32();
      // Each item needs at least its 4-byte length: a larger count cannot be honest.
      if (count * 4 > r.remaining) throw malformed(`list of ${count} items in a short body`);
      value = Array.from({ length: count }, () => r.bytes());
      break;
    }
    case 'session': {
      const handle = r.f64();
      const hasChallenge = readBool(r);
      const challenge = r.bytes();
      value = hasChallenge ? { handle, challenge } : { handle };
      break;
    }
  }
  r.end();
  return value;
}

function readBool(r: ByteReader): boolean {
  const byte = r.u8();
  if (byte > 1) throw malformed(`boolean byte ${byte}`);
  return byte === 1;
}

function isSession(value: ResultValue): value is SessionResult {
  return typeof value === 'object' && value !== null && 'handle' in value;
}

function expect<T extends ResultValue>(ok: boolean, value: ResultValue): T {
  if (!ok) throw new TypeError('result does not match its operation');
  return value as T;
}

function malformed(why: string): ProtocolError {
  return new ProtocolError(RefuseReason.MALFORMED, why);
}
