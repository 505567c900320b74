// Load: 32 concurrent clients x 1,000 mixed operations through one daemon. Counts, not times:
// no unexpected error, no session left open, memory back near its baseline.
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';

import { HuksKeyAlg, HuksKeyDigest, HuksKeyPurpose, HuksTag } from '../../src/common/enums.js';
import type { HuksNamespace } from '../../src/index.js';
import { aesKey, cbc, inProcessDaemon, type TestDaemon } from './helpers.js';

const CLIENTS = 32;
const OPERATIONS = 1000;
/** Heap growth allowed after everything is closed: caches and JIT code, not leaked sessions. */
const HEAP_SLACK = 24 * 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapAfterGc(): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

const sign = (purpose: number) => [
  { tag: HuksTag.HUKS_TAG_ALGORITHM, value: HuksKeyAlg.HUKS_ALG_ECC },
  { tag: HuksTag.HUKS_TAG_PURPOSE, value: purpose },
  { tag: HuksTag.HUKS_TAG_DIGEST, value: HuksKeyDigest.HUKS_DIGEST_SHA256 },
];
const eccKey = () => [
  ...sign(HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN | HuksKeyPurpose.HUKS_KEY_PURPOSE_VERIFY),
  { tag: HuksTag.HUKS_TAG_KEY_SIZE, value: 256 },
];

/**
 * One client's share, in rounds of ten: four encryptions, four signatures, one generate and
 * one delete (writes wait for an fsync each, so they are the slow part). Returns the errors.
 */
async function work(huks: HuksNamespace, count: number, tag: string): Promise<unknown[]> {
  const errors: unknown[] = [];
  const data = new Uint8Array(100).fill(1);
  for (let j = 0; j < count; j++) {
    try {
      const step = j % 10;
      switch (step < 4 ? 0 : step < 8 ? 1 : step) {
        case 0: {
          const { handle } = await huks.initSession('aes', { properties: cbc() });
          const out = await huks.finishSession(handle, { properties: cbc(), inData: data });
          assert.equal(out!.outData!.length, 112);
          break;
        }
        case 1: {
          const properties = sign(HuksKeyPurpose.HUKS_KEY_PURPOSE_SIGN);
          const { handle } = await huks.initSession('ecc', { properties });
          await huks.updateSession(handle, { properties, inData: data });
          const out = await huks.finishSession(handle, { properties });
          assert.ok(out!.outData!.length > 60);
          break;
        }
        case 8:
          await huks.generateKeyItem(`${tag}-${j}`, { properties: aesKey() });
          break;
        default:
          await huks.deleteKeyItem(`${tag}-${j - 1}`, { properties: [] });
      }
    } catch (err) {
      errors.push(err);
    }
  }
  return errors;
}

describe('load through one daemon', () => {
  let d: TestDaemon;
  let clients: HuksNamespace[];
  before(async () => {
    // 'current' admits 96 sessions: 32 clients each holding one never meet the limit, so any
    // error is unexpected. (api9's 15 would make 12000010 a correct answer under this load.)
    d = await inProcessDaemon('current');
    clients = Array.from({ length: CLIENTS }, (_, i) => d.client(`com.example.load${i}`));
    await Promise.all(clients.map(async (huks) => {
      await huks.generateKeyItem('aes', { properties: aesKey() });
      await huks.generateKeyItem('ecc', { properties: eccKey() });
    }));
  });
  after(() => d.cleanup());

  it(`${CLIENTS} clients x ${OPERATIONS} operations: no error, session or leak left`, async () => {
    // Warm-up: caches, prepared statements and JIT code exist before the baseline.
    await Promise.all(clients.map((huks, i) => work(huks, 50, `warm${i}`)));
    const baseline = heapAfterGc();

    const results = await Promise.all(clients.map((huks, i) => work(huks, OPERATIONS, `c${i}`)));
    const errors = results.flat();
    assert.equal(errors.length, 0, String(errors[0]));
    assert.equal(d.daemon.service.sessionCount, 0);
    for (const huks of clients) {
      const { keyAliases } = await huks.listAliases({ properties: [] });
      // aes, ecc, and of every generate/delete pair nothing (warm-up included).
      assert.deepEqual(keyAliases.sort(), ['aes', 'ecc']);
    }

    await Promise.all(clients.map((huks) => huks.close()));
    // The daemon sees each socket close on a later turn of its event loop.
    for (let i = 0; i < 1000 && d.daemon.server.connectionCount > 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assert.equal(d.daemon.server.connectionCount, 0);
    const grown = heapAfterGc() - baseline;
    assert.ok(grown < HEAP_SLACK, `heap grew by ${grown} bytes`);
  });
});
