/**
 * The SoftHSMv2 baseline of the daemon rows: Debian's softhsm2 driven through PKCS#11 with
 * pkcs11js, the way an application that keeps keys in an HSM by label typically calls it. Every
 * operation looks its key up by CKA_LABEL first, so the token's object search is paid per call
 * just as openhuks pays its alias lookup per call.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type * as Pkcs11Module from 'pkcs11js';

import type { Operation } from './measure.js';

/** Debian's module path (package softhsm2). */
export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';
const PIN = '1234';
const TOKEN_LABEL = 'bench';
const MESSAGE = randomBytes(64);
/** DER OID of prime256v1, the CKA_EC_PARAMS of a P-256 key. */
const P256_PARAMS = Buffer.from('06082a8648ce3d030107', 'hex');

export interface SoftHsm {
  /** Label lookup, C_EncryptInit (CKM_AES_GCM, 12-byte IV, 16-byte tag), C_Encrypt of 64 B. */
  readonly gcm: Operation;
  /**
   * Label lookup, C_SignInit (CKM_ECDSA), C_Sign of the SHA-256 of 64 B. SoftHSM 2.6 has no
   * CKM_ECDSA_SHA256, so the caller hashes, as PKCS#11 applications do with such tokens.
   */
  readonly ecdsa: Operation;
  /** Label lookup, C_SignInit (CKM_SHA256_HMAC), C_Sign of 64 B. */
  readonly hmac: Operation;
  close(): void;
}

/**
 * Makes the SoftHSM token ready under `dir`: installs softhsm2 when it is missing and we are
 * root, writes a config, and initialises the token. Returns the config path for SOFTHSM2_CONF,
 * or the reason the SoftHSM rows cannot be measured.
 */
export function prepareSoftHsm(dir: string, log: (m: string) => void): string | { skip: string } {
  if (!existsSync(SOFTHSM_LIBRARY)) {
    if (process.getuid?.() !== 0) return { skip: `${SOFTHSM_LIBRARY} missing and not root` };
    log('installing softhsm2 (apt-get install -y softhsm2)...');
    try {
      execFileSync('apt-get', ['install', '-y', 'softhsm2'], { stdio: 'ignore' });
    } catch (error) {
      return { skip: `apt-get install softhsm2 failed: ${(error as Error).message}` };
    }
  }
  const tokens = join(dir, 'softhsm-tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\n`);
  const env = { ...process.env, SOFTHSM2_CONF: conf };
  const init = ['--init-token', '--free', '--label', TOKEN_LABEL, '--pin', PIN, '--so-pin', PIN];
  execFileSync('softhsm2-util', init, { env, stdio: 'ignore' });
  return conf;
}

/**
 * Opens the token (SOFTHSM2_CONF must already name the config) and, with `create`, stores one
 * AES-256, one P-256 and one HMAC key under fixed labels; worker processes open without it.
 */
export function openSoftHsm(create: boolean): SoftHsm {
  // pkcs11js is a CommonJS native addon, loaded only when the SoftHSM rows run.
  const pkcs11js = createRequire(import.meta.url)('pkcs11js') as typeof Pkcs11Module;
  const p11 = new pkcs11js.PKCS11();
  p11.load(SOFTHSM_LIBRARY);
  const session = withRetry(() => openSession(pkcs11js, p11));
  if (create) createKeys(pkcs11js, p11, session);

  const find = (label: string): Pkcs11Module.Handle => {
    p11.C_FindObjectsInit(session, [{ type: pkcs11js.CKA_LABEL, value: label }]);
    const found = p11.C_FindObjects(session);
    p11.C_FindObjectsFinal(session);
    if (found === null) throw new Error(`SoftHSM has no object labelled ${label}`);
    return found;
  };
  const gcmOut = Buffer.alloc(64 + 16);
  const signOut = Buffer.alloc(128);
  const sign = (label: string, mechanism: number, input: () => Buffer) => () => {
    p11.C_SignInit(session, { mechanism }, find(label));
    return p11.C_Sign(session, input(), signOut);
  };
  return {
    gcm: () => {
      const parameter = {
        type: pkcs11js.CK_PARAMS_AES_GCM,
        iv: randomBytes(12),
        ivBits: 96,
        tagBits: 128,
      };
      const mechanism = { mechanism: pkcs11js.CKM_AES_GCM, parameter };
      p11.C_EncryptInit(session, mechanism, find('gcm'));
      return p11.C_Encrypt(session, MESSAGE, gcmOut);
    },
    ecdsa: sign('p256', pkcs11js.CKM_ECDSA, () => createHash('sha256').update(MESSAGE).digest()),
    hmac: sign('hmac', pkcs11js.CKM_SHA256_HMAC, () => MESSAGE),
    close() {
      p11.C_CloseSession(session);
      p11.C_Finalize();
    },
  };
}

/**
 * Initialises the library and returns a logged-in R/W session on the first token; on failure
 * the library is finalised again, because SoftHSM reads the token's files at C_Initialize and
 * a token it could not read then stays unrecognised until the next C_Initialize.
 */
function openSession(pkcs11js: typeof Pkcs11Module, p11: Pkcs11Module.PKCS11) {
  p11.C_Initialize();
  try {
    const slot = p11.C_GetSlotList(true)[0];
    if (slot === undefined) throw new Error('SoftHSM has no initialised token');
    const flags = pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION;
    const session = p11.C_OpenSession(slot, flags);
    p11.C_Login(session, pkcs11js.CKU_USER, PIN);
    return session;
  } catch (error) {
    p11.C_Finalize();
    throw error;
  }
}

/**
 * Tries `step` again for a while: SoftHSM instances of several processes opening the same
 * token at the same instant (the parallel clients) meet on its files, and C_OpenSession gets
 * CKR_TOKEN_NOT_RECOGNIZED or C_Login CKR_GENERAL_ERROR while another reads or writes them;
 * one at a time they succeed.
 */
function withRetry<T>(step: () => T): T {
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 1; ; attempt++) {
    try {
      return step();
    } catch (error) {
      if (attempt >= 50) throw error;
      Atomics.wait(sleeper, 0, 0, 10 + Math.floor(Math.random() * 40));
    }
  }
}

/** Token (persistent), private, non-extractable keys, as an HSM would keep them. */
function createKeys(
  pkcs11js: typeof Pkcs11Module,
  p11: Pkcs11Module.PKCS11,
  session: Pkcs11Module.Handle,
): void {
  const k = pkcs11js;
  const common = (label: string) => [
    { type: k.CKA_TOKEN, value: true },
    { type: k.CKA_PRIVATE, value: true },
    { type: k.CKA_LABEL, value: label },
  ];
  p11.C_GenerateKey(session, { mechanism: k.CKM_AES_KEY_GEN }, [
    ...common('gcm'),
    { type: k.CKA_CLASS, value: k.CKO_SECRET_KEY },
    { type: k.CKA_KEY_TYPE, value: k.CKK_AES },
    { type: k.CKA_VALUE_LEN, value: 32 },
    { type: k.CKA_ENCRYPT, value: true },
    { type: k.CKA_EXTRACTABLE, value: false },
  ]);
  p11.C_GenerateKey(session, { mechanism: k.CKM_GENERIC_SECRET_KEY_GEN }, [
    ...common('hmac'),
    { type: k.CKA_CLASS, value: k.CKO_SECRET_KEY },
    { type: k.CKA_KEY_TYPE, value: k.CKK_GENERIC_SECRET },
    { type: k.CKA_VALUE_LEN, value: 32 },
    { type: k.CKA_SIGN, value: true },
    { type: k.CKA_EXTRACTABLE, value: false },
  ]);
  // The public half gets another label, so a lookup of 'p256' finds the private key only.
  p11.C_GenerateKeyPair(
    session,
    { mechanism: k.CKM_EC_KEY_PAIR_GEN },
    [
      { type: k.CKA_TOKEN, value: true },
      { type: k.CKA_LABEL, value: 'p256-public' },
      { type: k.CKA_EC_PARAMS, value: P256_PARAMS },
      { type: k.CKA_VERIFY, value: true },
    ],
    [...common('p256'), { type: k.CKA_SIGN, value: true }, { type: k.CKA_SENSITIVE, value: true }],
  );
}
