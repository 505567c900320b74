// The protocol on its own (codec, framing, messages) and a daemon connection over in-memory
// streams: malformed input is refused without harm, pipelined requests are answered by id.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';

import { createKeystoreCore } from '../../src/core/keystore-core.js';
import { NULL_LOGGER } from '../../src/daemon/logger.js';
import { AppRegistry } from '../../src/daemon/registry.js';
import { DaemonServer } from '../../src/daemon/server.js';
import { HksErr } from '../../src/errors/failure.js';
import { ParamSet } from '../../src/params/param-set.js';
import { ByteReader, ByteWriter } from '../../src/protocol/codec.js';
import { ProtocolError, RefuseReason } from '../../src/protocol/errors.js';
import { FrameDecoder } from '../../src/protocol/frame.js';
import { MAX_FRAME_BYTES } from '../../src/protocol/limits.js';
import {
  decodeHello, decodeReplyValue, decodeRequest, decodeServerMessage, encodeHello,
  encodeRequest, Kind, type ServerMessage,
} from '../../src/protocol/messages.js';
import {
  Op, readResult, writeResult, type ResultKind, type ResultValue,
} from '../../src/protocol/operations.js';
import {
  createKeystoreService, type LocalKeystoreService,
} from '../../src/service/keystore-service.js';
import { openStorage, type Storage } from '../../src/store/open.js';
import { aesKey, cbc } from './helpers.js';

const malformed = (err: unknown) =>
  err instanceof ProtocolError && err.reason === RefuseReason.MALFORMED;

describe('codec', () => {
  it('round-trips every primitive, NaN and -0 included', () => {
    const frame = new ByteWriter().u8(255).u16(65535).u32(0xffffffff).i32(-5).f64(NaN).f64(-0)
      .f64(1.5).bytes(Uint8Array.of(1, 2, 3)).string('ü').frame();
    assert.equal(frame.readUInt32LE(0), frame.length - 4);
    const r = new ByteReader(frame.subarray(4));
    assert.deepEqual([r.u8(), r.u16(), r.u32(), r.i32()], [255, 65535, 0xffffffff, -5]);
    assert.ok(Number.isNaN(r.f64()));
    assert.ok(Object.is(r.f64(), -0));
    assert.equal(r.f64(), 1.5);
    assert.deepEqual(r.bytes(), Uint8Array.of(1, 2, 3));
    assert.equal(r.string(), 'ü');
    r.end();
  });

  it('refuses truncated bodies, lying lengths and trailing bytes as MALFORMED', () => {
    assert.throws(() => new ByteReader(Uint8Array.of(1, 2)).u32(), malformed);
    const lying = new ByteWriter().u32(1000).frame().subarray(4);
    assert.throws(() => new ByteReader(lying).bytes(), malformed);
    const extra = new ByteReader(Uint8Array.of(1, 2));
    extra.u8();
    assert.throws(() => extra.end(), malformed);
  });

  it('round-trips every result shape; a list count larger than its body is refused', () => {
    const cases: [ResultKind, ResultValue][] = [
      ['void', undefined],
      ['bytes', Uint8Array.of(9, 8)],
      ['bool', true],
      ['list', [Uint8Array.of(1), new Uint8Array(0)]],
      ['session', { handle: 4294967295, challenge: new Uint8Array(32).fill(1) }],
      ['session', { handle: 0 }],
    ];
    for (const [kind, value] of cases) {
      const w = new ByteWriter();
      writeResult(w, kind, value);
      assert.deepEqual(readResult(new ByteReader(w.frame().subarray(4)), kind), value);
    }
    const lie = new ByteWriter().u32(1_000_000).frame().subarray(4);
    assert.throws(() => readResult(new ByteReader(lie), 'list'), malformed);
    const badBool = new ByteWriter().u8(2).frame().subarray(4);
    assert.throws(() => readResult(new ByteReader(badBool), 'bool'), malformed);
  });
});

describe('framing', () => {
  it('reassembles frames split at every byte and splits frames sharing a chunk', () => {
    const one = new ByteWriter().bytes(Uint8Array.of(1, 2, 3)).frame();
    const two = new ByteWriter().u8(7).frame();
    const stream = Buffer.concat([one, two, one]);
    const decoder = new FrameDecoder();
    const bodies: Buffer[] = [];
    for (const byte of stream) bodies.push(...decoder.push(Uint8Array.of(byte)));
    const framed = [3, 0, 0, 0, 1, 2, 3];
    assert.deepEqual(bodies.map((b) => [...b]), [framed, [7], framed]);
    assert.equal(new FrameDecoder().push(stream).length, 3);
    assert.equal(decoder.pending, 0);
  });

  it('refuses an oversized length at once, before its body arrives; and an empty frame', () => {
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(MAX_FRAME_BYTES + 1, 0);
    assert.throws(() => new FrameDecoder().push(prefix),
      (err: unknown) => err instanceof ProtocolError && err.reason === RefuseReason.TOO_LARGE);
    assert.throws(() => new FrameDecoder().push(Buffer.alloc(4)), malformed);
  });
});

describe('messages', () => {
  it('HELLO round-trips; a wrong magic, kind or oversized token is refused', () => {
    const hello = { minVersion: 1, maxVersion: 3, token: Uint8Array.of(65, 66) };
    assert.deepEqual(decodeHello(encodeHello(hello).subarray(4)), hello);
    const bad = encodeHello(hello).subarray(4);
    bad[5] = 0;
    assert.throws(() => decodeHello(bad), malformed);
    const request = encodeRequest(1, Op.CLOSE, []).subarray(4);
    assert.throws(() => decodeHello(request),
      (err: unknown) => err instanceof ProtocolError && err.reason === RefuseReason.NOT_HELLO);
    const big = encodeHello({ ...hello, token: new Uint8Array(300) }).subarray(4);
    assert.throws(() => decodeHello(big), malformed);
  });

  it('a request with an unknown op keeps its id readable for the FAILURE', () => {
    const body = new ByteWriter().u8(Kind.REQUEST).u32(77).u8(99).frame().subarray(4);
    const { id, parse } = decodeRequest(body);
    assert.equal(id, 77);
    assert.throws(parse, malformed);
    const wrongShape = new ByteWriter().u8(Kind.REQUEST).u32(5).u8(Op.KEY_EXISTS).u32(1)
      .frame().subarray(4);
    assert.throws(decodeRequest(wrongShape).parse, malformed);
  });
});

function reasonOf(message: ServerMessage | undefined): number | undefined {
  return message?.kind === Kind.REFUSED ? message.refused.reason : undefined;
}

/** Two connected in-memory streams: what one side writes, the other reads. */
function duplexPair(): [Duplex, Duplex] {
  const sides: Duplex[] = [];
  const make = (peer: () => Duplex) =>
    new Duplex({
      // Like a socket: the end of one direction ends the other, then 'close' follows.
      allowHalfOpen: false,
      read() {},
      write(chunk, _encoding, done) {
        peer().push(chunk);
        done();
      },
      final(done) {
        peer().push(null);
        done();
      },
    });
  sides.push(make(() => sides[1]!), make(() => sides[0]!));
  return [sides[0]!, sides[1]!];
}

/** The client end of an in-memory connection: sends frames, collects decoded messages. */
function clientEnd(server: DaemonServer) {
  const [near, far] = duplexPair();
  server.accept(far);
  const decoder = new FrameDecoder();
  const messages: ServerMessage[] = [];
  const waiters: (() => void)[] = [];
  let ended = false;
  near.on('data', (chunk: Buffer) => {
    for (const body of decoder.push(chunk)) messages.push(decodeServerMessage(body));
    waiters.splice(0).forEach((w) => w());
  });
  near.on('end', () => {
    ended = true;
    waiters.splice(0).forEach((w) => w());
  });
  return {
    send: (bytes: Uint8Array) => near.write(bytes),
    end: () => near.end(),
    get ended() {
      return ended;
    },
    /** Resolves once `count` messages arrived (or the stream ended). */
    async take(count: number): Promise<ServerMessage[]> {
      while (messages.length < count && !ended) await new Promise<void>((r) => waiters.push(r));
      return messages.splice(0, count);
    },
  };
}

describe('a daemon connection over in-memory streams', () => {
  let home: string;
  let storage: Storage;
  let registry: AppRegistry;
  let service: LocalKeystoreService;
  let server: DaemonServer;
  let token: Uint8Array;
  const hello = () => encodeHello({ minVersion: 1, maxVersion: 1, token });
  const noParams = new ParamSet().serialize();
  const alias = Buffer.from('k');

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'openhuks-proto-'));
    storage = openStorage(home);
    registry = AppRegistry.open(home);
    const core = createKeystoreCore();
    service = createKeystoreService({ core, store: storage.store, sealer: storage.sealer });
    server = new DaemonServer({ service, registry, logger: NULL_LOGGER });
    const app = { bundle: 'com.example.p', userId: 100, uid: 20010001, isSystem: false };
    const added = registry.add(app);
    token = Buffer.from(added.token);
  });
  after(async () => {
    await server.stop();
    registry.close();
    storage.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('garbage before HELLO is refused and the connection ended', async () => {
    const c = clientEnd(server);
    c.send(new ByteWriter().u8(0x42).u32(0).frame());
    const [message] = await c.take(1);
    assert.equal(message?.kind, Kind.REFUSED);
    await c.take(1);
    assert.equal(c.ended, true);
  });

  it('an oversized frame, an unknown version and an unknown token are refused', async () => {
    const big = clientEnd(server);
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(0xffffffff, 0);
    big.send(prefix);
    const [tooLarge] = await big.take(1);
    assert.equal(reasonOf(tooLarge), RefuseReason.TOO_LARGE);

    const future = clientEnd(server);
    future.send(encodeHello({ minVersion: 2, maxVersion: 9, token }));
    const [version] = await future.take(1);
    assert.equal(reasonOf(version), RefuseReason.VERSION);

    const stranger = clientEnd(server);
    stranger.send(encodeHello({ minVersion: 1, maxVersion: 1, token: Buffer.from('hk1_x') }));
    const [unknown] = await stranger.take(1);
    assert.equal(reasonOf(unknown), RefuseReason.UNKNOWN_TOKEN);
  });

  it('pipelined requests are answered by id; a bad request fails alone', async () => {
    const c = clientEnd(server);
    c.send(hello());
    const [welcome] = await c.take(1);
    assert.equal(welcome?.kind, Kind.WELCOME);
    assert.equal(welcome?.kind === Kind.WELCOME && welcome.welcome.app, 'com.example.p');

    const badOp = new ByteWriter().u8(Kind.REQUEST).u32(8).u8(99).frame();
    c.send(Buffer.concat([
      encodeRequest(5, Op.KEY_EXISTS, [alias, noParams]),
      encodeRequest(6, Op.DELETE_KEY, [alias, noParams]),
      badOp,
      encodeRequest(7, Op.LIST_ALIASES, [noParams]),
    ]));
    const replies = await c.take(4);
    const idOf = (m: ServerMessage) =>
      m.kind === Kind.REPLY || m.kind === Kind.FAILURE ? m.id : -1;
    const byId = new Map(replies.map((m) => [idOf(m), m]));
    const exists = byId.get(5)!;
    assert.ok(exists.kind === Kind.REPLY);
    assert.equal(readResult(exists.body, 'bool'), false);
    const deleted = byId.get(6)!;
    assert.ok(deleted.kind === Kind.FAILURE && deleted.internal === HksErr.NOT_EXIST);
    const bad = byId.get(8)!;
    assert.ok(bad.kind === Kind.FAILURE && bad.internal === HksErr.IPC_MSG_FAIL);
    assert.ok(byId.get(7)?.kind === Kind.REPLY);
    assert.equal(c.ended, false);
  });

  it('random bytes, before or after HELLO, never harm the daemon', async () => {
    const bytes = fc.uint8Array({ minLength: 1, maxLength: 64 });
    const cases = fc.sample(fc.tuple(fc.boolean(), bytes, fc.boolean()), {
      numRuns: 200,
      seed: 20261203,
    });
    for (const [welcomed, garbage, framed] of cases) {
      const c = clientEnd(server);
      if (welcomed) {
        c.send(hello());
        await c.take(1);
      }
      // Half the time the bytes come framed, so they reach the message decoder.
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32LE(garbage.length, 0);
      c.send(framed ? Buffer.concat([prefix, garbage]) : garbage);
      c.end();
      await c.take(10);
    }
    const ok = clientEnd(server);
    ok.send(hello());
    ok.send(encodeRequest(1, Op.LIST_ALIASES, [noParams]));
    const [welcome, listed] = await ok.take(2);
    assert.equal(welcome?.kind, Kind.WELCOME);
    assert.equal(listed?.kind, Kind.REPLY);
    ok.end();
  });

  it('a connection that ends has its sessions aborted', async () => {
    const c = clientEnd(server);
    c.send(hello());
    await c.take(1);
    c.send(encodeRequest(1, Op.GENERATE_KEY, [alias, new ParamSet(aesKey()).serialize()]));
    const [generated] = await c.take(1);
    assert.equal(generated?.kind, Kind.REPLY, JSON.stringify(generated));
    const before = service.sessionCount;
    c.send(encodeRequest(2, Op.INIT_SESSION, [alias, new ParamSet(cbc()).serialize()]));
    const [init] = await c.take(1);
    assert.equal(init?.kind, Kind.REPLY);
    assert.equal(service.sessionCount, before + 1);
    c.end();
    await c.take(1);
    await new Promise((r) => setImmediate(r));
    assert.equal(service.sessionCount, before);
  });

  it('logs session inits and every failure at info, successful steps at debug', async () => {
    const lines: { level: string; op: unknown; code: unknown }[] = [];
    const record = (level: string) => (fields: object) => {
      const entry = fields as Record<string, unknown>;
      if (entry['event'] === 'request') lines.push({ level, op: entry['op'], code: entry['code'] });
    };
    const logger = {
      info: record('info'), warn: record('warn'), error: record('error'), debug: record('debug'),
      debugEnabled: () => true,
    };
    const logged = new DaemonServer({ service, registry, logger });
    try {
      const c = clientEnd(logged);
      c.send(hello());
      await c.take(1);
      const k = Buffer.from('logged');
      c.send(encodeRequest(1, Op.GENERATE_KEY, [k, new ParamSet(aesKey()).serialize()]));
      await c.take(1);
      c.send(encodeRequest(2, Op.INIT_SESSION, [k, new ParamSet(cbc()).serialize()]));
      const [init] = await c.take(1);
      const handle = init?.kind === Kind.REPLY ? decodeReplyValue(init.body, 'session') : null;
      const h = (handle as { handle: number }).handle;
      const block = new Uint8Array(16);
      const step = (id: number, op: typeof Op.UPDATE_SESSION | typeof Op.FINISH_SESSION) =>
        encodeRequest(id, op, [h, new ParamSet(cbc()).serialize(), block]);
      c.send(step(3, Op.UPDATE_SESSION));
      await c.take(1);
      c.send(step(4, Op.FINISH_SESSION));
      await c.take(1);
      c.send(step(5, Op.FINISH_SESSION));
      await c.take(1);
      c.end();
      assert.deepEqual(lines, [
        { level: 'info', op: 'generateKey', code: 0 },
        { level: 'info', op: 'initSession', code: 0 },
        { level: 'debug', op: 'updateSession', code: 0 },
        { level: 'debug', op: 'finishSession', code: 0 },
        { level: 'info', op: 'finishSession', code: 12000011 },
      ]);
    } finally {
      await logged.stop();
    }
  });
});
