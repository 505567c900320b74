import { HuksImportKeyType, HuksKeyPadding, HuksKeyPurpose } from '../../../src/common/enums.js';
import { hexToBytes, num, str, type VGroup } from './files.js';
import { importKey, nextAlias, runSession, type HuksApi, type Param } from './huks.js';
import { ALG, DIGEST, p, rsaMaterial, T, unsigned } from './material.js';
import type { Tally } from './tally.js';
import { BUDGET_REASON, FULL } from './budget.js';

export interface Ctx {
  huks: HuksApi;
  tally: Tally;
}

/**
 * RSAES-OAEP and RSAES-PKCS1-v1_5 decryption vectors: the private key is imported as key-pair
 * material n, e, d (key-formats.md §3.1); the ciphertext goes through update + finish (cached).
 */
export async function runRsaDecrypt(
  c: Ctx,
  g: VGroup,
  oaep: boolean,
  index = 0,
): Promise<void> {
  const sha = oaep ? str(g.sha, 'sha') : '';
  if (oaep && g.mgfSha !== sha) {
    const why = `MGF1 ${String(g.mgfSha)} differs from OAEP ${sha}; HUKS uses the OAEP hash ` +
      'for MGF1 ([REC] algorithms.md §3.1)';
    for (const t of g.tests) c.tally.skip(t, why);
    return;
  }
  // A 3072/4096-bit pair takes 0.3-1 s to import; the files hold one key per special case.
  if (!FULL && num(g.keySize, 'keySize') > 2048 && index % 8 !== 0) {
    for (const t of g.tests) c.tally.skip(t, BUDGET_REASON + ': 1 in 8 RSA-3072/4096 keys run');
    return;
  }
  const pk = g.privateKey as { modulus: string; publicExponent: string; privateExponent: string };
  const bits = num(g.keySize, 'keySize');
  const padding = oaep ? HuksKeyPadding.HUKS_PADDING_OAEP : HuksKeyPadding.HUKS_PADDING_PKCS1_V1_5;
  // Digest only for OAEP: PKCS1_V1_5 decryption needs none (errors.md §7).
  const base: Param[] = [
    p(T.HUKS_TAG_ALGORITHM, ALG.HUKS_ALG_RSA),
    p(T.HUKS_TAG_PADDING, padding),
    ...(oaep ? [p(T.HUKS_TAG_DIGEST, DIGEST[sha]!)] : []),
  ];
  const alias = nextAlias('rsadec');
  const material = rsaMaterial(bits, unsigned(pk.modulus), unsigned(pk.publicExponent),
    unsigned(pk.privateExponent));
  const imported = await importKey(c.huks, alias, [
    ...base,
    p(T.HUKS_TAG_KEY_SIZE, bits),
    p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT),
    p(T.HUKS_TAG_IMPORT_KEY_TYPE, HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR),
  ], material);
  for (const t of g.tests) {
    if (oaep && str(t.label, 'label') !== '') {
      c.tally.skip(t, 'OAEP label: HUKS always uses the empty label (algorithms.md §3.1)');
      continue;
    }
    if (!imported.ok) {
      c.tally.check(t, imported, { kind: 'output', want: '' });
      continue;
    }
    const ct = hexToBytes(t.ct);
    const cut = Math.floor(ct.length / 2);
    const o = await runSession(c.huks, alias, {
      init: [...base, p(T.HUKS_TAG_PURPOSE, HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT)],
      updates: cut > 0 ? [ct.subarray(0, cut)] : [],
      finish: ct.subarray(cut),
    });
    // Bad padding or a wrong ciphertext length: 12000006 (algorithms.md §3.1).
    if (t.result === 'valid') c.tally.check(t, o, { kind: 'output', want: str(t.msg, 'msg') });
    else if (t.result === 'invalid') c.tally.check(t, o, { kind: 'refuse', codes: [12000006] });
    else c.tally.check(t, o, { kind: 'either', want: str(t.msg, 'msg'), codes: [12000006] });
  }
  await c.huks.deleteKeyItem(alias, { properties: [] }).catch(() => undefined);
}
