import { HuksTag as T } from '../../common/enums.js';
import { ParamSet } from '../../params/param-set.js';
import type { PreparedAttestation } from './attestation.js';
import type { Authority, Pki } from './authority.js';
import { buildClaims, DEVICE_MODEL } from './claims.js';
import { issueLeaf, pemChain } from './leaf.js';

/**
 * The chain of one attestation (attestation.md §4-§5). Kept apart from attestation.ts and
 * loaded on first use, because the certificate and ASN.1 libraries take most of a second to
 * load and most keystore processes never attest.
 */

/**
 * The claims (with the device MODEL the service adds, §2), the leaf, and the chain leaf first as
 * PEM strings: [leaf, device, device CA, root] for standard attestation, [leaf, anonymous CA,
 * anonymous root] online and [leaf, anonymous device CA, anonymous CA, anonymous root] offline.
 * @throws HuksFailure -3 (401) for a device-identity value that is not UTF-8, -7 (401) when a
 *   certificate outgrows its slot.
 */
export async function issueChain(pki: Pki, prepared: PreparedAttestation): Promise<string[]> {
  const model = { tag: T.HUKS_TAG_ATTESTATION_ID_MODEL, value: utf8(DEVICE_MODEL) };
  const request = new ParamSet([...prepared.params.params, model]);
  const claims = buildClaims(request, prepared.key, prepared.caller);

  const [root, middle, last] = pki.authorities as [Authority, Authority, Authority];
  // Standard: the device key signs; anonymous: the anonymous CA; offline: its device CA.
  const issuers = prepared.mode === 'anonymous' ? [middle, root] : [last, middle, root];
  const purpose = prepared.key.getNumber(T.HUKS_TAG_PURPOSE) ?? 0;
  const leaf = await issueLeaf({
    publicKey: prepared.publicKey,
    purpose,
    claims,
    signer: issuers[0]!,
  });
  return pemChain([leaf, ...issuers.map((authority) => authority.certificate)]);
}

function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
