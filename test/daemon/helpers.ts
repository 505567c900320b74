// Shared pieces of the daemon tests: a daemon in this process on a temporary home, app
// registration, clients, and an AES-CBC key to exercise.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  HuksCipherMode, HuksKeyAlg, HuksKeyPadding, HuksKeyPurpose, HuksTag,
} from '../../src/common/enums.js';
import { addApp, type AddAppOptions } from '../../src/daemon/admin.js';
import { startDaemon, type RunningDaemon } from '../../src/daemon/run-daemon.js';
import { createHuks, type HuksNamespace } from '../../src/index.js';
import type { SessionPolicy } from '../../src/service/session-policy.js';

export interface TestDaemon {
  readonly home: string;
  readonly daemon: RunningDaemon;
  /** Registers an app and returns a namespace speaking to the daemon as that app. */
  client(bundle: string, options?: Omit<AddAppOptions, 'bundle'>): HuksNamespace;
  token(bundle: string, options?: Omit<AddAppOptions, 'bundle'>): string;
  cleanup(): Promise<void>;
}

export async function inProcessDaemon(policy: SessionPolicy = 'api9'): Promise<TestDaemon> {
  const home = mkdtempSync(join(tmpdir(), 'openhuks-daemon-'));
  const daemon = await startDaemon({ home, sessionPolicy: policy });
  const clients: HuksNamespace[] = [];
  const token = (bundle: string, options: Omit<AddAppOptions, 'bundle'> = {}) =>
    addApp(home, { bundle, ...options }).token;
  return {
    home,
    daemon,
    token,
    client(bundle, options) {
      const huks = createHuks({ socket: daemon.socketPath, appToken: token(bundle, options) });
      clients.push(huks);
      return huks;
    },
    async cleanup() {
      await Promise.all(clients.map((c) => c.close()));
      await daemon.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function rejectsWithCode(promise: Promise<unknown>, code: number, message?: string) {
  await assert.rejects(promise, (err: { code?: unknown; message?: unknown }) => {
    assert.equal(err.code, code, String(err.message));
    if (message !== undefined) assert.equal(err.message, message);
    return true;
  });
}

export const aesKey = () => [
  { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
  {
    tag: HuksTag.HUKS_TAG_PURPOSE,
    value: HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT | HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT,
  },
  { tag: HuksTag.HUKS_TAG_BLOCK_MODE, value: HuksCipherMode.HUKS_MODE_CBC },
  { tag: HuksTag.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_PKCS7 },
];

export const cbc = (purpose: number = HuksKeyPurpose.HUKS_KEY_PURPOSE_ENCRYPT) => [
  { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_AES },
  { tag: HuksTag.HUKS_TAG_PURPOSE, value: purpose },
  { tag: HuksTag.HUKS_TAG_BLOCK_MODE, value: HuksCipherMode.HUKS_MODE_CBC },
  { tag: HuksTag.HUKS_TAG_PADDING, value: HuksKeyPadding.HUKS_PADDING_PKCS7 },
  { tag: HuksTag.HUKS_TAG_IV, value: new Uint8Array(16).fill(9) },
];

/** Encrypts then decrypts `plain` with the alias; resolves the round-tripped bytes. */
export async function roundTrip(huks: HuksNamespace, alias: string, plain: Uint8Array) {
  const enc = await huks.initSession(alias, { properties: cbc() });
  const sealed = await huks.finishSession(enc.handle, { properties: cbc(), inData: plain });
  const decrypt = cbc(HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT);
  const dec = await huks.initSession(alias, { properties: decrypt });
  const opened = await huks.finishSession(dec.handle, {
    properties: decrypt,
    inData: sealed!.outData!,
  });
  return opened!.outData!;
}

/** A raw socket to the daemon, for sending bytes no client would. */
export function rawSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Everything the peer sends until it closes the connection. */
export function readUntilClose(socket: Socket): Promise<Buffer> {
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(chunks))));
}
