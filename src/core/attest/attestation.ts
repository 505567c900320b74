import { HuksKeyAlg as A, HuksTag as T } from '../../common/enums.js';
import type { ParamSet } from '../../params/param-set.js';
import type { KeyStore, Sealer } from '../../store/types.js';
import { encodeSpki } from '../keys/spki.js';
import type { Pki, PkiKind } from './authority.js';
import type { AttestedCaller } from './claims.js';
import { checkAttestRequest, type AttestationMode } from './request.js';

/**
 * Key attestation for one keystore (attestation.md): the emulated PKI of its data directory,
 * loaded or created at first use, and the chains it issues. The service calls prepare() while
 * it holds the key's material and issue() after it has wiped it.
 *
 * The modules that build certificates are imported on first use (chain.ts says why).
 */

export interface AttestInput {
  /** The request as the client library sent it (with ATTESTATION_MODE and BASE64). */
  readonly params: ParamSet;
  /** The attested key's stored properties. */
  readonly key: ParamSet;
  readonly caller: AttestedCaller;
  /** The key's public key as exportKeyItem gives it; called once, inside prepare(). */
  readonly exportPublic: () => Uint8Array;
}

/** A checked request with the attested public key; no private key material. */
export interface PreparedAttestation {
  readonly mode: AttestationMode;
  readonly params: ParamSet;
  readonly key: ParamSet;
  readonly caller: AttestedCaller;
  /** SubjectPublicKeyInfo DER of the attested key. */
  readonly publicKey: Uint8Array;
}

export class Attestation {
  readonly #store: KeyStore;
  readonly #sealer: Sealer;
  readonly #pkis = new Map<PkiKind, Promise<Pki>>();

  constructor(store: KeyStore, sealer: Sealer) {
    this.#store = store;
    this.#sealer = sealer;
  }

  /**
   * The core's checks (attestation.md §2-§3) and the attested public key.
   * @throws HuksFailure as checkAttestRequest says, and the export codes of the key's family
   *   (e.g. 12000001 for an ECC key imported without its public part).
   */
  prepare(input: AttestInput): PreparedAttestation {
    const mode = checkAttestRequest(input.params, input.key);
    const publicKey = spkiOf(input.key, input.exportPublic());
    return { mode, params: input.params, key: input.key, caller: input.caller, publicKey };
  }

  /**
   * The chain, leaf first, as PEM strings (§4): 4 certificates for standard and offline
   * attestation, 3 for online anonymous attestation, which openhuks builds locally (§4).
   * @throws HuksFailure as issueChain says; storage codes when the PKI cannot be read or
   *   stored, -1 (12000012) when its record is corrupt.
   */
  async issue(prepared: PreparedAttestation): Promise<string[]> {
    const pki = await this.pki(prepared.mode === 'standard' ? 'standard' : 'anonymous');
    const { issueChain } = await import('./chain.js');
    return issueChain(pki, prepared);
  }

  /** The root certificate of a hierarchy as PEM (§4 format), for verifiers to pin. */
  async rootPem(kind: PkiKind): Promise<string> {
    const pki = await this.pki(kind);
    const { toPem } = await import('./leaf.js');
    return toPem(new Uint8Array(pki.authorities[0]!.certificate.rawData));
  }

  /** The hierarchy, loaded once per instance; a failed load is retried by the next call. */
  pki(kind: PkiKind): Promise<Pki> {
    let pending = this.#pkis.get(kind);
    if (pending === undefined) {
      pending = import('./pki-record.js').then((record) =>
        record.loadOrCreatePki(this.#store, this.#sealer, kind),
      );
      pending.catch(() => this.#pkis.delete(kind));
      this.#pkis.set(kind, pending);
    }
    return pending;
  }
}

/**
 * exportKeyItem gives X25519 and Ed25519 keys as 32 raw bytes (key-formats.md §5.6); the
 * certificate needs them as SPKI (1.3.101.110 / 1.3.101.112, §5.1). The other families export
 * SPKI already: RSA with its NULL parameter and SM2 as id-ecPublicKey with the SM2 curve, the
 * standard forms openhuks uses instead of the reference's (§5.1).
 */
function spkiOf(key: ParamSet, exported: Uint8Array): Uint8Array {
  const algorithm = key.getNumber(T.HUKS_TAG_ALGORITHM);
  if (algorithm === A.HUKS_ALG_X25519) return encodeSpki({ kind: 'x25519', raw: exported });
  if (algorithm === A.HUKS_ALG_ED25519) return encodeSpki({ kind: 'ed25519', raw: exported });
  return exported;
}
