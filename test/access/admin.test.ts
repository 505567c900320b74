// The identity operations are admin operations: they act on the data directory (as `huks app`
// does), and an app holding only a token has no way to reach them through the daemon. The
// app side only passes tokens to updateSession/finishSession.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { toExternal } from '../../src/errors/failure.js';
import { openIam } from '../../src/iam/index.js';
import { ByteWriter } from '../../src/protocol/codec.js';
import { FrameDecoder } from '../../src/protocol/frame.js';
import { MAX_FRAME_BYTES } from '../../src/protocol/limits.js';
import { decodeServerMessage, encodeHello, Kind } from '../../src/protocol/messages.js';
import { specOf } from '../../src/protocol/operations.js';
import { inProcessDaemon, rawSocket, type TestDaemon } from '../daemon/helpers.js';
import { MAC_USE, Msg, PIN, pinKey, rejects } from './helpers.js';

/** The keystore service's methods: the only things a request can name. */
const SERVICE_OPERATIONS = new Set(['generateKey', 'importKey', 'importWrappedKey', 'exportKey',
  'deleteKey', 'getKeyProperties', 'keyExists', 'listAliases', 'attestKey', 'initSession',
  'updateSession', 'finishSession', 'abortSession', 'close']);

describe('identity operations are not available to app tokens', () => {
  let t: TestDaemon;
  before(async () => {
    t = await inProcessDaemon();
  });
  after(() => t.cleanup());

  it('no operation code of the protocol names an identity operation', () => {
    for (let op = 0; op < 256; op++) {
      const name = specOf(op)?.name;
      if (name !== undefined) assert.ok(SERVICE_OPERATIONS.has(name), `op ${op} is ${name}`);
    }
  });

  it('a request with any other operation code fails and changes nothing', async () => {
    const iam = openIam({ home: t.home });
    const before = iam.status();
    const socket = await rawSocket(t.daemon.socketPath);
    const decoder = new FrameDecoder(MAX_FRAME_BYTES);
    const messages: ReturnType<typeof decodeServerMessage>[] = [];
    const arrived = new Promise<void>((resolve) => {
      socket.on('data', (chunk: Buffer) => {
        for (const body of decoder.push(chunk)) messages.push(decodeServerMessage(body));
        if (messages.length === 2) resolve();
      });
    });
    const token = new TextEncoder().encode(t.token('com.example.intruder'));
    socket.write(encodeHello({ minVersion: 1, maxVersion: 1, token }));
    // An op code past the table, with a PIN as if asking to set it.
    socket.write(new ByteWriter().u8(Kind.REQUEST).u32(1).u8(100).bytes(Buffer.from(PIN))
      .frame());
    await arrived;
    socket.destroy();
    const [welcome, reply] = messages;
    assert.equal(welcome?.kind, Kind.WELCOME);
    assert.equal(reply?.kind, Kind.FAILURE);
    if (reply?.kind === Kind.FAILURE) assert.equal(toExternal(reply.internal).code, 12000005);
    assert.deepEqual(iam.status(), before);
  });

  it('the app uses what the admin enrolled, through its token only', async () => {
    const huks = t.client('com.example.bank');
    await rejects(huks.generateKeyItem('k', { properties: pinKey() }), 12000013,
      Msg.NO_CREDENTIAL);
    const iam = openIam({ home: t.home });
    iam.setPin(PIN);
    await huks.generateKeyItem('k', { properties: pinKey() });
    const s = await huks.initSession('k', { properties: MAC_USE });
    const token = iam.authenticate(s.challenge!, 'pin', PIN);
    const out = await huks.finishSession(s.handle, { properties: MAC_USE,
      inData: new Uint8Array(4) }, token);
    assert.equal(out.outData?.length, 32);
  });
});
