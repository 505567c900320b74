/** Suite 3's signature check: SM2 with SM3 and the default user ID over the KEK (§8.4). */

import type { Sm2Point } from '../crypto/sm2/curve.js';
import { verifyDerDigest } from '../crypto/sm2/signature.js';
import { messageDigest } from '../crypto/sm2/sm3.js';

/** Whether `signature` (DER) is the sender's SM2-SM3 signature of `message`. */
export function signatureValid(sender: Sm2Point, message: Uint8Array, signature: Uint8Array)
  : boolean {
  return verifyDerDigest(sender, messageDigest(sender, message), signature);
}
