// Faults around the daemon: a crash mid-session, connections cut during writes, hostile bytes,
// a daemon that hangs or answers garbage, shutdown, and the single-instance lock.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createCipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';

import { addApp } from '../../src/daemon/admin.js';
import { DaemonStartError } from '../../src/daemon/lock.js';
import { startDaemon } from '../../src/daemon/run-daemon.js';
import { createHuks, type HuksNamespace } from '../../src/index.js';
import { FrameDecoder } from '../../src/protocol/frame.js';
import { encodeHello, encodeRequest, encodeWelcome } from '../../src/protocol/messages.js';
import { Op } from '../../src/protocol/operations.js';
import { ParamSet } from '../../src/params/param-set.js';
import { startDaemonChild } from '../helpers/daemon.js';
import {
  aesKey, cbc, inProcessDaemon, rawSocket, readUntilClose, rejectsWithCode, roundTrip,
  type TestDaemon,
} from './helpers.js';

const CLI = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'cli', 'main.js');
const PLAIN = new Uint8Array(40).fill(3);
const EMPTY = { properties: [] };

function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'openhuks-fault-'));
}

/** AES-256-CBC/PKCS7 with the fixed IV of helpers.cbc(), by node:crypto directly. */
function expectedCbc(key: Uint8Array, plain: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-cbc', key, new Uint8Array(16).fill(9));
  return new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
}

async function encrypt(huks: HuksNamespace, alias: string): Promise<Uint8Array> {
  const { handle } = await huks.initSession(alias, { properties: cbc() });
  return (await huks.finishSession(handle, { properties: cbc(), inData: PLAIN }))!.outData!;
}

describe('a daemon killed mid-session', () => {
  const home = tempHome();
  after(() => rmSync(home, { recursive: true, force: true }));

  it('gives 12000005 at the next call; after a restart every persisted key works', async () => {
    let daemon = startDaemonChild({ home });
    const huks = createHuks({
      socket: daemon.socketPath,
      appToken: addApp(home, { bundle: 'com.example.crash' }).token,
    });
    const keys = [0, 1, 2].map(() => new Uint8Array(randomBytes(32)));
    for (const [i, key] of keys.entries()) {
      await huks.importKeyItem(`k${i}`, { properties: aesKey(), inData: key });
    }
    const { handle } = await huks.initSession('k0', { properties: cbc() });

    await daemon.kill();
    await rejectsWithCode(huks.updateSession(handle, { properties: cbc(), inData: PLAIN }),
      12000005);
    await rejectsWithCode(huks.hasKeyItem('k0', EMPTY), 12000005, 'IPC initialization failed.');

    daemon = startDaemonChild({ home });
    try {
      // The client reconnects by itself; the session died with the daemon.
      await rejectsWithCode(huks.updateSession(handle, { properties: cbc(), inData: PLAIN }),
        12000011);
      for (const [i, key] of keys.entries()) {
        assert.deepEqual(await encrypt(huks, `k${i}`), expectedCbc(key, PLAIN));
      }
    } finally {
      await huks.close();
      assert.equal(await daemon.stop(), 0);
    }
  });

  it('keys acknowledged before a SIGKILL are all there; the others whole or absent', async () => {
    let daemon = startDaemonChild({ home });
    const token = addApp(home, { bundle: 'com.example.storm' }).token;
    const huks = createHuks({ socket: daemon.socketPath, appToken: token });
    const keys = Array.from({ length: 60 }, () => new Uint8Array(randomBytes(32)));
    const acknowledged = new Set<number>();
    const writes = keys.map((key, i) =>
      huks.importKeyItem(`s${i}`, { properties: aesKey(), inData: key }).then(
        () => acknowledged.add(i),
        () => undefined,
      ),
    );
    // Kill once some writes are acknowledged, while the rest are still in flight.
    while (acknowledged.size < 10) await new Promise((r) => setImmediate(r));
    await daemon.kill();
    await Promise.all(writes);
    // When every write was answered before the kill, the client may not have seen the socket
    // close yet: a call now fails either way (12000005), and the next one reconnects.
    await rejectsWithCode(huks.hasKeyItem('s0', EMPTY), 12000005);

    daemon = startDaemonChild({ home });
    try {
      let present = 0;
      for (const [i, key] of keys.entries()) {
        const exists = await huks.hasKeyItem(`s${i}`, EMPTY);
        if (acknowledged.has(i)) assert.equal(exists, true, `acknowledged s${i} is missing`);
        if (!exists) continue;
        present++;
        assert.deepEqual(await encrypt(huks, `s${i}`), expectedCbc(key, PLAIN), `s${i}`);
      }
      assert.ok(present >= acknowledged.size);
    } finally {
      await huks.close();
      await daemon.stop();
    }
  });
});

describe('hostile and broken connections', () => {
  let d: TestDaemon;
  let huks: HuksNamespace;
  before(async () => {
    d = await inProcessDaemon();
    huks = d.client('com.example.steady');
    await huks.generateKeyItem('k', { properties: aesKey() });
  });
  after(() => d.cleanup());

  it('garbage and oversized frames from raw sockets: others keep being served', async () => {
    const attacks: Buffer[] = [
      randomBytes(64),
      Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]),
      Buffer.concat([encodeHello({ minVersion: 1, maxVersion: 1, token: Buffer.from('x') })]),
      Buffer.from('GET / HTTP/1.1\r\nHost: huks\r\n\r\n'),
    ];
    for (const bytes of attacks) {
      const socket = await rawSocket(d.daemon.socketPath);
      const closed = readUntilClose(socket);
      socket.write(bytes);
      await closed;
      assert.deepEqual(await roundTrip(huks, 'k', PLAIN), PLAIN);
    }
    assert.equal(d.daemon.server.connectionCount, 1);
  });

  it('a connection cut in the middle of writes leaves each key whole or absent', async () => {
    const token = d.token('com.example.cut');
    const params = new ParamSet(aesKey()).serialize();
    const keys = Array.from({ length: 40 }, () => new Uint8Array(randomBytes(32)));
    for (const [i, key] of keys.entries()) {
      const socket = await rawSocket(d.daemon.socketPath);
      socket.write(encodeHello({ minVersion: 1, maxVersion: 1, token: Buffer.from(token) }));
      const frame = encodeRequest(1, Op.IMPORT_KEY, [Buffer.from(`c${i}`), params, key]);
      // Cut anywhere: before the request, inside it, or right after it.
      socket.end(frame.subarray(0, i % 4 === 0 ? frame.length : (i * 7) % frame.length));
      await readUntilClose(socket);
    }
    const owner = createHuks({ socket: d.daemon.socketPath, appToken: token });
    try {
      let whole = 0;
      for (const [i, key] of keys.entries()) {
        if (!(await owner.hasKeyItem(`c${i}`, EMPTY))) continue;
        whole++;
        assert.deepEqual(await encrypt(owner, `c${i}`), expectedCbc(key, PLAIN));
      }
      assert.ok(whole > 0, 'complete requests are served even when the client leaves at once');
    } finally {
      await owner.close();
    }
  });

  it('a request above the frame limit is 401 in the client; the connection stays', async () => {
    const huge = new Uint8Array(9 * 1024 * 1024);
    await rejectsWithCode(huks.importKeyItem('huge', { properties: aesKey(), inData: huge }), 401);
    assert.deepEqual(await roundTrip(huks, 'k', PLAIN), PLAIN);
  });
});

/** A fake daemon: WELCOMEs every client, then answers requests as `reply` says. */
/** A REPLY frame (kind 0x11) to request `id` carrying the bool `true`, as a daemon sends. */
function answerTrue(socket: Socket, id: number): void {
  const body = Buffer.from([0x11, 0, 0, 0, 0, 1]);
  body.writeUInt32LE(id, 1);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32LE(body.length, 0);
  socket.write(Buffer.concat([prefix, body]));
}

async function fakeDaemon(reply: (socket: Socket, request: Buffer) => void) {
  const home = tempHome();
  const path = join(home, 'fake.sock');
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    const decoder = new FrameDecoder();
    let welcomed = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      for (const body of decoder.push(chunk)) {
        if (!welcomed) {
          welcomed = true;
          socket.write(encodeWelcome({ version: 1, isSystem: false, app: 'fake', userId: 100 }));
        } else {
          reply(socket, body);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    path,
    connections: () => connections,
    async close() {
      server.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

describe('the client against a daemon that misbehaves', () => {
  it('no reply in time: 12000005 "IPC timed out."', async () => {
    const fake = await fakeDaemon(() => undefined);
    const huks = createHuks({ socket: fake.path, appToken: 't', ipcTimeoutMs: 100 });
    try {
      await rejectsWithCode(huks.hasKeyItem('k', EMPTY), 12000005, 'IPC timed out.');
    } finally {
      await huks.close().catch(() => undefined);
      await fake.close();
    }
  });

  it('one timer for all calls: unanswered calls time out, answered ones resolve', async () => {
    // Requests whose id is odd are never answered; even ones are answered at once.
    const fake = await fakeDaemon((socket, request) => {
      const id = request.readUInt32LE(1);
      if (id % 2 === 1) return;
      answerTrue(socket, id);
    });
    const huks = createHuks({ socket: fake.path, appToken: 't', ipcTimeoutMs: 200 });
    try {
      const first = huks.hasKeyItem('k', EMPTY);
      const second = huks.hasKeyItem('k', EMPTY);
      const third = huks.hasKeyItem('k', EMPTY);
      assert.equal(await second, true);
      await rejectsWithCode(first, 12000005, 'IPC timed out.');
      await rejectsWithCode(third, 12000005, 'IPC timed out.');
      // After the timer has fired, later calls get their own deadlines on the same connection.
      assert.equal(await huks.hasKeyItem('k', EMPTY), true);
      await rejectsWithCode(huks.hasKeyItem('k', EMPTY), 12000005, 'IPC timed out.');
      assert.equal(fake.connections(), 1);
    } finally {
      await huks.close().catch(() => undefined);
      await fake.close();
    }
  });

  it('a malformed reply: 12000005 "Failed to get message from IPC."', async () => {
    const fake = await fakeDaemon((socket, request) => {
      const id = request.readUInt32LE(1);
      const body = Buffer.from([0x11, 0, 0, 0, 0, 7, 7, 7]);
      body.writeUInt32LE(id, 1);
      const prefix = Buffer.alloc(4);
      prefix.writeUInt32LE(body.length, 0);
      socket.write(Buffer.concat([prefix, body]));
    });
    const huks = createHuks({ socket: fake.path, appToken: 't', ipcTimeoutMs: 5000 });
    try {
      await rejectsWithCode(huks.hasKeyItem('k', EMPTY), 12000005,
        'Failed to get message from IPC.');
    } finally {
      await huks.close().catch(() => undefined);
      await fake.close();
    }
  });

  it('the connection lost mid-call: 12000005; the next call reconnects', async () => {
    let calls = 0;
    const fake = await fakeDaemon((socket, request) => {
      calls++;
      if (calls === 1) {
        socket.destroy();
        return;
      }
      const id = request.readUInt32LE(1);
      answerTrue(socket, id);
    });
    const huks = createHuks({ socket: fake.path, appToken: 't', ipcTimeoutMs: 5000 });
    try {
      await rejectsWithCode(huks.hasKeyItem('k', EMPTY), 12000005,
        'Failed to get message from IPC.');
      assert.equal(await huks.hasKeyItem('k', EMPTY), true);
      assert.equal(fake.connections(), 2);
    } finally {
      await huks.close().catch(() => undefined);
      await fake.close();
    }
  });

  it('no daemon at all: 12000005 "IPC initialization failed."', async () => {
    const huks = createHuks({ socket: join(tmpdir(), 'openhuks-none.sock'), appToken: 't' });
    await rejectsWithCode(huks.generateKeyItem('k', { properties: aesKey() }), 12000005,
      'IPC initialization failed.');
  });
});

describe('daemon life cycle', () => {
  it('a second daemon on the same data directory refuses to start, clearly', async () => {
    const home = tempHome();
    const first = await startDaemon({ home });
    try {
      await assert.rejects(startDaemon({ home, socketPath: join(home, 'other.sock') }),
        (err: unknown) => err instanceof DaemonStartError && /already running/.test(err.message));
      const cli = await promisify(execFile)(process.execPath, [CLI, '--home', home, 'serve'])
        .then(() => ({ code: 0, stderr: '' }), (err: { code: number; stderr: string }) => err);
      assert.equal(cli.code, 1);
      assert.match(cli.stderr, /another huks daemon is already running/);
    } finally {
      await first.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('--socket-group makes the socket 0660 in that group; unknown groups are refused', async () => {
    const home = tempHome();
    const gid = process.getgid!();
    const daemon = await startDaemon({ home, socketGroup: String(gid) });
    try {
      const stat = statSync(daemon.socketPath);
      assert.equal(stat.mode & 0o777, 0o660);
      assert.equal(stat.gid, gid);
      const other = join(home, 'other');
      await assert.rejects(startDaemon({ home: other, socketGroup: 'no-such-group-x' }),
        (err: unknown) => err instanceof DaemonStartError && /unknown group/.test(err.message));
    } finally {
      await daemon.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('the socket is 0600; SIGTERM drains, aborts sessions and exits 0', async () => {
    const home = tempHome();
    const daemon = startDaemonChild({ home, log: true });
    const huks = createHuks({
      socket: daemon.socketPath,
      appToken: addApp(home, { bundle: 'com.example.term' }).token,
    });
    try {
      assert.equal(statSync(daemon.socketPath).mode & 0o777, 0o600);
      await huks.generateKeyItem('k', { properties: aesKey() });
      await huks.initSession('k', { properties: cbc() });
      assert.equal(await daemon.stop(), 0);
      assert.equal(existsSync(daemon.socketPath), false);
      const events = daemon.log().trim().split('\n').map((line) => JSON.parse(line));
      assert.ok(events.some((e) => e.event === 'disconnect' && e.aborted === 1));
      assert.ok(events.some((e) => e.event === 'stop'));
      // Logs name apps and hash aliases; the token never appears.
      assert.ok(events.every((e) => !JSON.stringify(e).includes('hk1_')));
      assert.ok(events.filter((e) => e.op === 'generateKey').every((e) => e.alias !== 'k'));
    } finally {
      await huks.close().catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('closing a client with calls still in flight', () => {
  it('close() waits for them: work the daemon did is reported as done', async () => {
    // A daemon in another process: its replies come in separate reads, as in deployment.
    const home = mkdtempSync(join(tmpdir(), 'openhuks-close-'));
    const daemon = startDaemonChild({ home });
    const token = addApp(home, { bundle: 'com.example.closer' }).token;
    const huks = createHuks({ socket: daemon.socketPath, appToken: token });
    try {
      await huks.importKeyItem('c', { properties: aesKey(), inData: randomBytes(32) });
      // Neither call is awaited before close(); the daemon answers CLOSE at once, the
      // deletion and the generation a little later.
      const deleted = huks.deleteKeyItem('c', EMPTY);
      const generated = huks.generateKeyItem('g', { properties: aesKey() });
      await huks.close();
      assert.equal(await deleted, null);
      assert.equal(await generated, null);
      assert.equal(await huks.hasKeyItem('c', EMPTY), false);
      assert.equal(await huks.hasKeyItem('g', EMPTY), true);
    } finally {
      await huks.close();
      await daemon.stop();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
