import { HksErr, HuksFailure } from '../../errors/failure.js';
import type { KeyStore, Namespace, Sealer } from '../../store/types.js';
import {
  createPki, exportSigningKey, familiesOf, importSigningKey, type Pki, type PkiKind,
} from './authority.js';
import * as x509 from './x509.js';

/**
 * Where the emulated PKI is kept: one record per hierarchy in the key store, next to the keys
 * and sealed under the same root key. The certificates are the record's properties (public,
 * but bound to the sealed part as its AAD, so that a swapped certificate makes the record fail
 * to open); the sealed material holds the authorities' PKCS#8 keys.
 *
 * The namespace is reserved: user id -1 is below every id a caller can reach (storage.md §2),
 * and '#' cannot occur in a bundle name, so no app sees or deletes these records through the
 * keystore API.
 */

export const PKI_NAMESPACE: Namespace = Object.freeze({
  app: '#openhuks-attestation',
  userId: -1,
  level: 0,
});

const ALIASES: Readonly<Record<PkiKind, Uint8Array>> = {
  standard: new TextEncoder().encode('standard-pki-v1'),
  anonymous: new TextEncoder().encode('anonymous-pki-v1'),
};

/** First frame of the properties: names the record's layout, so that it can change later. */
const MAGIC = new TextEncoder().encode('openhuks attestation pki v1');

/**
 * The hierarchy of this kind, created and stored at its first use. Two processes creating it at
 * once both try an insert that refuses to overwrite; the loser reads the winner's record, so a
 * data directory never has two roots.
 * @throws HuksFailure 12000004 codes when the store fails; -1 (12000012) when the record is
 *   corrupt or was sealed under another root key.
 */
export async function loadOrCreatePki(
  store: KeyStore,
  sealer: Sealer,
  kind: PkiKind,
): Promise<Pki> {
  const existing = await loadPki(store, sealer, kind);
  if (existing !== undefined) return existing;

  const pki = await createPki(kind);
  const alias = ALIASES[kind];
  const properties = frame([MAGIC, ...pki.authorities.map((a) => der(a.certificate))]);
  const keys = await Promise.all(pki.authorities.map((a) => exportSigningKey(a.key)));
  const material = frame(keys);
  try {
    const sealed = sealer.seal(PKI_NAMESPACE, alias, properties, material);
    store.put(PKI_NAMESPACE, alias, { properties, sealed }, false);
  } catch (err) {
    if (!(err instanceof HuksFailure) || err.internal !== HksErr.KEY_ALREADY_EXIST) throw err;
    const winner = await loadPki(store, sealer, kind);
    if (winner === undefined) throw err;
    return winner;
  } finally {
    material.fill(0);
    for (const key of keys) key.fill(0);
  }
  return pki;
}

/** The stored hierarchy of this kind, or undefined before its first use. */
export async function loadPki(
  store: KeyStore,
  sealer: Sealer,
  kind: PkiKind,
): Promise<Pki | undefined> {
  const alias = ALIASES[kind];
  const record = store.get(PKI_NAMESPACE, alias);
  if (record === undefined) return undefined;

  const material = sealer.unseal(PKI_NAMESPACE, alias, record.properties, record.sealed);
  try {
    const [magic, ...certificates] = unframe(record.properties);
    const keys = unframe(material);
    const families = familiesOf(kind);
    const sameLayout = magic !== undefined && Buffer.compare(magic, MAGIC) === 0;
    if (!sameLayout || certificates.length !== families.length || keys.length !== families.length) {
      throw corrupt('unexpected layout');
    }
    const authorities = await Promise.all(
      families.map(async (family, i) => ({
        certificate: new x509.X509Certificate(certificates[i]!),
        key: await importSigningKey(family, keys[i]!),
      })),
    );
    return { kind, authorities };
  } catch (err) {
    if (err instanceof HuksFailure) throw err;
    throw corrupt(err instanceof Error ? err.message : String(err));
  } finally {
    material.fill(0);
  }
}

function der(certificate: x509.X509Certificate): Uint8Array {
  return new Uint8Array(certificate.rawData);
}

/** u32 LE count, then per part a u32 LE length and the bytes. */
function frame(parts: readonly Uint8Array[]): Uint8Array {
  const size = 4 + parts.reduce((sum, part) => sum + 4 + part.length, 0);
  const out = Buffer.alloc(size);
  out.writeUInt32LE(parts.length, 0);
  let at = 4;
  for (const part of parts) {
    out.writeUInt32LE(part.length, at);
    out.set(part, at + 4);
    at += 4 + part.length;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

function unframe(bytes: Uint8Array): Uint8Array[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.length < 4) throw corrupt('truncated');
  const count = view.readUInt32LE(0);
  const parts: Uint8Array[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 4 > view.length) throw corrupt('truncated');
    const length = view.readUInt32LE(at);
    if (at + 4 + length > view.length) throw corrupt('truncated');
    parts.push(bytes.subarray(at + 4, at + 4 + length));
    at += 4 + length;
  }
  if (at !== view.length) throw corrupt('trailing bytes');
  return parts;
}

function corrupt(why: string): HuksFailure {
  return new HuksFailure(HksErr.FAILURE, `the attestation PKI record is corrupt: ${why}`);
}
