import { HuksKeyPurpose as U, HuksSecureSignType, HuksTag as T } from '../../common/enums.js';
import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { ParamSet } from '../../params/param-set.js';
import type { CoreOperation, FinishResult } from '../types.js';
import type { AccessGate } from './access-gate.js';
import { checkDevicePassword } from './auth-binding.js';
import type { UserIamPort } from './iam-port.js';
import { verifyAuthToken, type VerifiedToken } from './token-check.js';

/** What the gate needs besides the operation it guards. */
export interface GateContext {
  readonly iam: UserIamPort;
  /** The key's stored properties. */
  readonly properties: ParamSet;
  readonly purpose: number;
  /** Undefined for a session that needs no token. */
  readonly gate: AccessGate | undefined;
  /** The user whose PIN must exist at every step (IS_DEVICE_PASSWORD_SET keys, §7). */
  readonly passwordUser: number | undefined;
}

/** §8: version word of the secure-sign header. */
const SECURE_SIGN_VERSION = 0x01000001;
const HEADER_SIZE = 24;

/**
 * A session on a user-auth or password-flagged key (access-control.md §6-§8): before every
 * update and finish the PIN check of §7; at the first one the token check of §6.3, after which
 * the session is authorised and later tokens are ignored (§6.1); for SIGN on a secure-sign key
 * the auth-info header in front of the data and of the signature. A failure here ends the
 * session like any update/finish failure (the service drops it; finish disposes it here).
 */
export class GatedOperation implements CoreOperation {
  readonly challenge: Uint8Array | undefined;
  private verified: VerifiedToken | undefined;
  private header: Uint8Array | undefined;
  private headerSent = false;

  constructor(private readonly inner: CoreOperation, private readonly ctx: GateContext) {
    const gate = ctx.gate;
    // §5 step 5: NONE keys return no challenge; the gate still keeps one internally.
    this.challenge = gate === undefined || gate.challengeType === 2 ? undefined : gate.challenge;
  }

  /** @throws HuksFailure: the §6.3 and §7 codes, -3 (401) for an empty first secure-sign chunk */
  update(data: Uint8Array, params: ParamSet): Uint8Array | Promise<Uint8Array> {
    this.admit(params);
    return this.inner.update(this.withHeader(data), params);
  }

  /** @throws HuksFailure as update, and the operation's own codes */
  finish(data: Uint8Array, params: ParamSet): FinishResult {
    let input: Uint8Array;
    try {
      this.admit(params);
      input = this.withHeader(data);
    } catch (err) {
      this.inner.dispose();
      throw err;
    }
    const result = this.inner.finish(input, params);
    if (this.header === undefined) return result;
    return { ...result, outData: concat(this.header, result.outData) };
  }

  dispose(): void {
    this.inner.dispose();
  }

  private admit(params: ParamSet): void {
    const user = this.ctx.passwordUser;
    if (user !== undefined) checkDevicePassword(this.ctx.iam, user);
    const gate = this.ctx.gate;
    if (gate === undefined || this.verified !== undefined) return;
    this.verified = verifyAuthToken(gate, this.ctx.properties, params, this.ctx.iam);
    if (this.secureSign()) this.header = secureSignHeader(this.verified);
  }

  /** §8: the header goes in front of the first chunk, which must not be empty. */
  private withHeader(data: Uint8Array): Uint8Array {
    if (this.header === undefined || this.headerSent) return data;
    if (data.length === 0) {
      throw new HuksFailure(HksErr.INVALID_ARGUMENT, 'the first secure-sign chunk is empty');
    }
    this.headerSent = true;
    return concat(this.header, data);
  }

  private secureSign(): boolean {
    return this.ctx.purpose === U.HUKS_KEY_PURPOSE_SIGN
      && this.ctx.properties.getNumber(T.HUKS_TAG_KEY_SECURE_SIGN_TYPE)
        === HuksSecureSignType.HUKS_SECURE_SIGN_WITH_AUTHINFO;
  }
}

/** §8: u32 version, u32 auth type (HUKS), u64 authenticator id, u64 credential id; LE. */
export function secureSignHeader(token: VerifiedToken): Uint8Array {
  const out = Buffer.alloc(HEADER_SIZE);
  out.writeUInt32LE(SECURE_SIGN_VERSION, 0);
  out.writeUInt32LE(token.authType, 4);
  out.writeBigUInt64LE(token.enrolledId, 8);
  out.writeBigUInt64LE(token.credentialId, 16);
  return new Uint8Array(out.buffer, out.byteOffset, HEADER_SIZE);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
