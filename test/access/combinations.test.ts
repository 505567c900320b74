// access-control.md §3 items 3-5 as a table: every accepted auth type x access types 0..8 x
// challenge types 0..3, against the spec's list of allowed pairs (written out, not computed).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { Msg, device, macKey, type Device } from './helpers.js';

/** The allowed access types per auth type, read off §3 item 5 and its consequences. */
const ALLOWED: ReadonlyMap<number, readonly number[]> = new Map([
  [4, [1, 4]], // PIN: CLEAR_PASSWORD or ALWAYS_VALID, never NEW_BIO_ENROLL
  [1, [1, 2, 4]], // FINGERPRINT
  [2, [1, 2, 4]], // FACE
  [3, [1, 2, 4]], // FACE|FINGERPRINT: both claim NEW_BIO_ENROLL first, so 3 is refused
  [5, [1, 2, 3, 4]], // PIN|FINGERPRINT
  [6, [1, 2, 3, 4]], // PIN|FACE: 3 and NEW_BIO_ENROLL alone accepted
  [7, [1, 2, 3, 4]],
  [32, [4]], // TUI_PIN keys are ALWAYS_VALID only
  [33, [4]],
  [34, [4]],
  [35, [4]],
]);
const ACCESS_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const CHALLENGE_TYPES = [0, 1, 2, 3];

type Outcome = 'ok' | [number, string];

function expected(authType: number, access: number, challenge: number): Outcome {
  if (challenge > 2) return [401, Msg.BAD_CHALLENGE_TYPE];
  if (!ALLOWED.get(authType)!.includes(access)) return [401, Msg.BAD_ACCESS];
  // TUI_PIN alone passes the service checks and is refused by the core (§3).
  if (authType === 32) return [12000001, Msg.AUTH_TYPE_NOT_SUPPORTED];
  return 'ok';
}

describe('auth type x access type x challenge type (access-control.md §3)', () => {
  let d: Device;
  before(() => {
    d = device();
    d.iam.enrollFingerprint('thumb');
    d.iam.enrollFace('me');
  });
  after(() => d.cleanup());

  for (const authType of ALLOWED.keys()) {
    it(`auth type ${authType}`, async () => {
      let accepted = 0;
      for (const access of ACCESS_VALUES) {
        for (const challenge of CHALLENGE_TYPES) {
          const want = expected(authType, access, challenge);
          const what = `auth ${authType} access ${access} challenge ${challenge}`;
          const run = d.huks.generateKeyItem('combo', {
            properties: macKey(authType, access, challenge),
          });
          if (want === 'ok') {
            await run;
            accepted++;
            continue;
          }
          await assert.rejects(run, (err: unknown) => {
            const e = err as { code: number; message: string };
            assert.deepEqual([e.code, e.message], want, what);
            return true;
          });
        }
      }
      const allowed = ALLOWED.get(authType)!.length;
      assert.equal(accepted, authType === 32 ? 0 : allowed * 3);
    });
  }
});
