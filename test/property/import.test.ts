// Property: importKeyItem with plausible parameters and hostile key bytes (random material
// headers and part sizes, truncated or bit-flipped SPKI/material, random raw keys), then every
// use of whatever got imported (export, properties, sign/verify/encrypt/agree sessions) only
// ever delivers documented results and errors (errors.md §1-§2, key-formats.md §2-§3).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import {
  HuksImportKeyType as K, HuksKeyAlg as A, HuksKeyDigest as D, HuksKeyPadding as Pad,
  HuksKeyPurpose as P, HuksKeySize as S, HuksTag as T,
} from '../../src/common/enums.js';
import { assertProperty, invoke, show, stray, type Api } from './lib/check.js';
import { openApi, p, type Param } from './lib/instance.js';

let api: { huks: Api; BusinessError: Function; done: () => Promise<void> };
before(async () => {
  api = await openApi();
});
after(async () => api.done());

const der = (type: 'ec' | 'rsa' | 'ed25519' | 'x25519' | 'dsa' | 'dh', o: object) =>
  new Uint8Array(generateKeyPairSync(type as 'ec', o as { namedCurve: string }).publicKey
    .export({ type: 'spki', format: 'der' }));

/** Valid public keys to mutate: the parsers see nearly-right input, the interesting case. */
const SPKI: Array<[number, number, Uint8Array]> = [
  [A.HUKS_ALG_ECC, 256, der('ec', { namedCurve: 'prime256v1' })],
  [A.HUKS_ALG_ECC, 384, der('ec', { namedCurve: 'secp384r1' })],
  [A.HUKS_ALG_RSA, 1024, der('rsa', { modulusLength: 1024 })],
  [A.HUKS_ALG_DSA, 1024, der('dsa', { modulusLength: 1024, divisorLength: 160 })],
  [A.HUKS_ALG_DH, 2048, der('dh', { group: 'modp14' })],
];

/** Per algorithm: key size and the part lengths of a well-formed material (§3). */
const SHAPES: Record<number, [number, number[]]> = {
  1: [1024, [128, 3, 128]],
  2: [256, [32, 32, 32]],
  3: [1024, [20, 128, 128, 20, 128]],
  101: [256, [32, 32, 0]],
  102: [256, [32, 32, 0]],
  103: [2048, [256, 29, 0]],
  150: [256, [32, 32, 32]],
};

interface KeyBytes {
  alg?: number;
  size?: number;
  /** The purpose and import type that suit the bytes. */
  purpose?: number;
  type?: number;
  bytes: Uint8Array;
}

const AGREEING: number[] = [A.HUKS_ALG_DH, A.HUKS_ALG_X25519];
const suitedPurpose = (alg: number, pub: boolean): number =>
  AGREEING.includes(alg) ? P.HUKS_KEY_PURPOSE_AGREE
    : pub ? P.HUKS_KEY_PURPOSE_VERIFY : P.HUKS_KEY_PURPOSE_SIGN | P.HUKS_KEY_PURPOSE_VERIFY;

/** A key-material header (key-formats.md §3): well-formed sizes or random ones, random body. */
const materialArb: fc.Arbitrary<KeyBytes> = fc
  .record({
    alg: fc.constantFrom(...Object.keys(SHAPES).map(Number)),
    wellFormed: fc.boolean(),
    parts: fc.array(fc.oneof(fc.nat({ max: 600 }), fc.constantFrom(0, 0xffffffff, 0x80000000)), {
      minLength: 3,
      maxLength: 5,
    }),
    seed: fc.uint8Array({ minLength: 700, maxLength: 700 }),
    extra: fc.nat({ max: 40 }),
  })
  .map(({ alg, wellFormed, parts, seed, extra }) => {
    const [size, shape] = SHAPES[alg]!;
    const sizes = wellFormed ? shape : parts;
    const total = Math.min(seed.length, sizes.reduce((x, y) => x + (y > 600 ? 0 : y), 0) + extra);
    const head = Buffer.alloc(4 * (2 + sizes.length));
    [alg, size, ...sizes].forEach((w, i) => head.writeUInt32LE(w >>> 0, i * 4));
    const bytes = new Uint8Array(Buffer.concat([head, seed.subarray(0, total)]));
    return { alg, size, bytes, purpose: suitedPurpose(alg, false), type: K.HUKS_KEY_TYPE_KEY_PAIR };
  });

const spkiArb: fc.Arbitrary<KeyBytes> = fc
  .record({
    key: fc.constantFrom(...SPKI),
    flip: fc.option(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { freq: 3 }),
    cut: fc.option(fc.nat(), { freq: 5 }),
  })
  .map(({ key: [alg, size, bytes], flip, cut }) => {
    let b = Uint8Array.from(bytes);
    if (flip) b[flip[0] % b.length]! ^= 1 << flip[1];
    if (cut !== null) b = b.subarray(0, cut % b.length);
    const type = K.HUKS_KEY_TYPE_PUBLIC_KEY;
    return { alg, size, bytes: b, purpose: suitedPurpose(alg, true), type };
  });

const ALGS = [A.HUKS_ALG_RSA, A.HUKS_ALG_ECC, A.HUKS_ALG_DSA, A.HUKS_ALG_DH, A.HUKS_ALG_X25519,
  A.HUKS_ALG_ED25519, A.HUKS_ALG_SM2, A.HUKS_ALG_AES, A.HUKS_ALG_HMAC];
const PURPOSES = [P.HUKS_KEY_PURPOSE_SIGN, P.HUKS_KEY_PURPOSE_VERIFY, P.HUKS_KEY_PURPOSE_AGREE,
  P.HUKS_KEY_PURPOSE_DECRYPT, P.HUKS_KEY_PURPOSE_ENCRYPT,
  P.HUKS_KEY_PURPOSE_SIGN | P.HUKS_KEY_PURPOSE_VERIFY];

const caseArb = fc.record({
  alg: fc.constantFrom(...ALGS),
  size: fc.constantFrom(...(Object.values(S) as number[])),
  purpose: fc.constantFrom(...PURPOSES),
  type: fc.option(fc.constantFrom(K.HUKS_KEY_TYPE_PUBLIC_KEY, K.HUKS_KEY_TYPE_PRIVATE_KEY,
    K.HUKS_KEY_TYPE_KEY_PAIR), { freq: 4 }),
  data: fc.oneof<fc.Arbitrary<KeyBytes>[]>(
    materialArb,
    spkiArb,
    fc.uint8Array({ maxLength: 80 }).map((bytes): KeyBytes => ({ bytes })),
  ),
  /** Whether ALGORITHM/KEY_SIZE follow the bytes (most of the time) or the random choice. */
  follow: fc.nat({ max: 4 }),
  message: fc.uint8Array({ minLength: 1, maxLength: 64 }),
});

let n = 0;
const seen = { imported: 0, sessions: 0 };

test('hostile key bytes: import and every use give documented outcomes', { timeout: 120_000 },
  async (t) => {
    await assertProperty(fc.asyncProperty(caseArb, async (c) => {
      const follow = c.follow > 0 && c.data.alg !== undefined;
      const alg = follow ? c.data.alg! : c.alg;
      const size = follow ? c.data.size! : c.size;
      const purpose = follow ? c.data.purpose! : c.purpose;
      const type = follow ? c.data.type! : c.type;
      const props: Param[] = [
        p(T.HUKS_TAG_ALGORITHM, alg), p(T.HUKS_TAG_KEY_SIZE, size), p(T.HUKS_TAG_PURPOSE, purpose),
        ...(type === null ? [] : [p(T.HUKS_TAG_IMPORT_KEY_TYPE, type)]),
      ];
      const alias = `hostile-${++n}`;
      const log: string[] = [];
      const problems: string[] = [];
      const run = async (name: string, ...args: unknown[]) => {
        const r = await invoke(api.huks, api.BusinessError, name, args, false);
        log.push(`${name}(${args.map(show).join(', ')}) -> ${show(r.delivered)}`);
        problems.push(...r.problems);
        return r.delivered;
      };
      const options = { properties: props, inData: c.data.bytes };
      const imported = await run('importKeyItem', alias, options);
      if (imported.kind === 'resolved') {
        seen.imported++;
        await run('exportKeyItem', alias, {});
        await run('getKeyItemProperties', alias, {});
        // One session per single purpose bit of the key, with the parameters the family needs.
        for (const bit of [1, 2, 4, 8, 256]) {
          if ((purpose & bit) === 0) continue;
          const init: Param[] = [
            p(T.HUKS_TAG_ALGORITHM, bit === 256 && alg === A.HUKS_ALG_ECC ? A.HUKS_ALG_ECDH : alg),
            p(T.HUKS_TAG_PURPOSE, bit), p(T.HUKS_TAG_DIGEST, D.HUKS_DIGEST_SHA256),
            p(T.HUKS_TAG_PADDING, alg !== A.HUKS_ALG_RSA ? Pad.HUKS_PADDING_NONE
              : bit & 3 ? Pad.HUKS_PADDING_OAEP : Pad.HUKS_PADDING_PKCS1_V1_5),
            p(T.HUKS_TAG_KEY_SIZE, size),
          ];
          const d = await run('initSession', alias, { properties: init });
          const handle = d.kind === 'resolved' ? (d.value as { handle: number }).handle : undefined;
          if (handle === undefined) continue;
          seen.sessions++;
          const peer = SPKI[0]![1];
          const data = bit === 256 ? peer : c.message;
          await run('updateSession', handle, { properties: init, inData: data });
          const last = bit === 8 ? { inData: c.message } : {}; // VERIFY: the "signature"
          await run('finishSession', handle, { properties: init, ...last });
          await run('abortSession', handle, {});
        }
        await run('deleteKeyItem', alias, {});
      }
      assert.deepEqual(problems, [], log.join('\n'));
    }), 300);
    t.diagnostic(`${seen.imported} of ${n} hostile keys imported, ${seen.sessions} sessions`);
    assert.deepEqual(stray.map(show), []);
  });
