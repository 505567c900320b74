// attestation.md §3-§5: a chain for every attestable key type in every mode, each verified with
// `openssl verify` against its root, with the leaf's fields and the claims read back.
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';

import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';

import {
  HuksImportKeyType, HuksKeyAlg as A, HuksKeyFlag, HuksKeyPurpose as Pur, HuksTag as T,
} from '../../src/common/enums.js';
import { readOctetString } from '../../src/core/attest/claims-der.js';
import { ClaimLevel, ClaimOid } from '../../src/core/attest/oids.js';
import { encodeSpki } from '../../src/core/keys/spki.js';
import { tempHuks, type TempHuks } from '../helpers/instance.js';
import {
  certificateOf, challengeParam, claim, claimsOf, KEY_TYPES, makeKey, opensslVerify, PEM_FORMAT,
  u32le, type KeyType,
} from './helpers.js';

const SHA256_RSA = '1.2.840.113549.1.1.11';
const ECDSA_SHA256 = '1.2.840.10045.4.3.2';
const KEY_USAGE = '2.5.29.15';
const ATTESTATION = '1.3.6.1.4.1.2011.2.376.1.3';

function rawPublic(type: 'x25519' | 'ed25519'): Uint8Array {
  const pair = type === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('ed25519');
  const der = pair.publicKey.export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - 32));
}

/** §3: imported public-only keys are attested too (the conformance tests do it). */
const IMPORTED: readonly KeyType[] = (['x25519', 'ed25519'] as const).map((kind) => ({
  name: `imported ${kind} public key`,
  properties: [
    {
      tag: T.HUKS_TAG_ALGORITHM,
      value: kind === 'x25519' ? A.HUKS_ALG_X25519 : A.HUKS_ALG_ED25519,
    },
    { tag: T.HUKS_TAG_KEY_SIZE, value: 256 },
    {
      tag: T.HUKS_TAG_PURPOSE,
      value: kind === 'x25519' ? Pur.HUKS_KEY_PURPOSE_AGREE : Pur.HUKS_KEY_PURPOSE_VERIFY,
    },
    { tag: T.HUKS_TAG_IMPORT_KEY_TYPE, value: HuksImportKeyType.HUKS_KEY_TYPE_PUBLIC_KEY },
  ],
  importPublic: rawPublic(kind),
}));

const MODES = [
  { name: 'attestKeyItem', count: 4, signature: SHA256_RSA },
  { name: 'anonAttestKeyItem', count: 3, signature: ECDSA_SHA256 },
  { name: 'anonAttestKeyItemOffline', count: 4, signature: ECDSA_SHA256 },
] as const;

describe('attestation chains', () => {
  let t: TempHuks;
  before(() => {
    t = tempHuks();
  });
  after(() => t.cleanup());

  const attest = async (mode: (typeof MODES)[number]['name'], alias: string, c: Uint8Array) => {
    const properties = [challengeParam(c)];
    const result =
      mode === 'anonAttestKeyItemOffline'
        ? await t.huks.anonAttestKeyItemOffline(alias, properties)
        : await t.huks[mode](alias, { properties });
    return result.certChains!;
  };

  for (const [index, type] of [...KEY_TYPES, ...IMPORTED].entries()) {
    describe(type.name, () => {
      const alias = `key-${index}`;
      before(() => makeKey(t.huks, alias, type));

      for (const mode of MODES) {
        it(`${mode.name}: ${mode.count} certificates that openssl verifies`, async () => {
          const challenge = randomBytes(16);
          const chain = await attest(mode.name, alias, challenge);

          assert.equal(chain.length, mode.count);
          for (const pem of chain) assert.match(pem, PEM_FORMAT);
          opensslVerify(chain);

          const claims = claimsOf(chain[0]!);
          const challengeClaim = claim(claims, ClaimOid.CHALLENGE);
          assert.equal(challengeClaim.level, ClaimLevel.LOW);
          assert.deepEqual(readOctetString(challengeClaim.value), new Uint8Array(challenge));
          const flag = type.importPublic === undefined
            ? HuksKeyFlag.HUKS_KEY_FLAG_GENERATE_KEY
            : HuksKeyFlag.HUKS_KEY_FLAG_IMPORT_KEY;
          assert.deepEqual(readOctetString(claim(claims, ClaimOid.KEY_FLAG).value), u32le(flag));

          await checkLeaf(chain, mode.signature, alias, type);
        });
      }
    });
  }

  /** §5.1: the leaf's fields, and its public key is the attested key's. */
  async function checkLeaf(chain: string[], signature: string, alias: string, type: KeyType) {
    const leaf = certificateOf(chain[0]!);
    const issuer = certificateOf(chain[1]!);
    assert.equal(leaf.serialNumber, '01');
    assert.equal(leaf.subject, 'CN=A Keymaster Key');
    // PrintableString (tag 0x13) for the subject's CN, as the reference writes it.
    const printable = '13' + '0f' + Buffer.from('A Keymaster Key').toString('hex');
    assert.equal(Buffer.from(leaf.subjectName.toArrayBuffer()).toString('hex'),
      `301a311830160603550403${printable}`);
    assert.deepEqual(
      Buffer.from(leaf.issuerName.toArrayBuffer()),
      Buffer.from(issuer.subjectName.toArrayBuffer()),
    );
    const asn = AsnConvert.parse(leaf.rawData, Certificate);
    assert.equal(asn.signatureAlgorithm.algorithm, signature);
    assert.equal(asn.tbsCertificate.version, 2);
    const years = leaf.notAfter.getUTCFullYear() - leaf.notBefore.getUTCFullYear();
    assert.equal(years, 10);
    assert.equal(leaf.notBefore.getTime() % 1000, 0);
    assert.deepEqual([...leaf.extensions].map((e) => [e.type, e.critical]),
      [[KEY_USAGE, false], [ATTESTATION, false]]);

    const exported = (await t.huks.exportKeyItem(alias, { properties: [] })).outData!;
    const algorithm = type.properties.find((p) => p.tag === T.HUKS_TAG_ALGORITHM)!.value;
    const expected =
      algorithm === A.HUKS_ALG_X25519 ? encodeSpki({ kind: 'x25519', raw: exported })
      : algorithm === A.HUKS_ALG_ED25519 ? encodeSpki({ kind: 'ed25519', raw: exported })
      : exported;
    assert.deepEqual(new Uint8Array(leaf.publicKey.rawData), new Uint8Array(expected));
  }
});
