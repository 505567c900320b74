import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  HuksAuthStorageLevel,
  HuksCipherMode,
  HuksImportKeyType,
  HuksKeyAlg,
  HuksKeyDigest,
  HuksKeyPadding,
  HuksKeyPurpose,
  HuksRsaPssSaltLenType,
} from '../../src/common/enums.js';
import { UsageError } from '../../src/cli/usage-error.js';
import {
  ALGORITHMS,
  DIGESTS,
  IMPORT_TYPES,
  MODES,
  nameOf,
  PADDINGS,
  parseCount,
  parseHex,
  parseKeySize,
  parsePurposes,
  parseWord,
  PSS_SALT_TYPES,
  purposeNames,
  STORAGE_LEVELS,
  wordOr,
} from '../../src/cli/words.js';

describe('cli words', () => {
  it('maps each vocabulary to the HUKS enum numbers', () => {
    assert.equal(parseWord(ALGORITHMS, 'aes'), HuksKeyAlg.HUKS_ALG_AES);
    assert.equal(parseWord(ALGORITHMS, 'ECC'), HuksKeyAlg.HUKS_ALG_ECC);
    assert.equal(parseWord(ALGORITHMS, '3des'), HuksKeyAlg.HUKS_ALG_3DES);
    assert.equal(parseWord(ALGORITHMS, 'hkdf'), HuksKeyAlg.HUKS_ALG_HKDF);
    assert.equal(parseWord(MODES, 'gcm'), HuksCipherMode.HUKS_MODE_GCM);
    assert.equal(parseWord(MODES, ' cbc '), HuksCipherMode.HUKS_MODE_CBC);
    assert.equal(parseWord(PADDINGS, 'oaep'), HuksKeyPadding.HUKS_PADDING_OAEP);
    assert.equal(parseWord(PADDINGS, 'pkcs1'), HuksKeyPadding.HUKS_PADDING_PKCS1_V1_5);
    assert.equal(parseWord(DIGESTS, 'SHA-256'), HuksKeyDigest.HUKS_DIGEST_SHA256);
    assert.equal(parseWord(DIGESTS, 'none'), HuksKeyDigest.HUKS_DIGEST_NONE);
    assert.equal(parseWord(IMPORT_TYPES, 'pair'), HuksImportKeyType.HUKS_KEY_TYPE_KEY_PAIR);
    assert.equal(parseWord(PSS_SALT_TYPES, 'max'), HuksRsaPssSaltLenType.HUKS_RSA_PSS_SALT_LEN_MAX);
    assert.equal(parseWord(STORAGE_LEVELS, 'de'), HuksAuthStorageLevel.HUKS_AUTH_STORAGE_LEVEL_DE);
  });

  it('names numbers with the first word listed for them', () => {
    assert.equal(nameOf(ALGORITHMS, HuksKeyAlg.HUKS_ALG_ECC), 'ecc');
    assert.equal(nameOf(DIGESTS, HuksKeyDigest.HUKS_DIGEST_SHA384), 'sha384');
    assert.equal(nameOf(MODES, 999), '999');
  });

  it('refuses unknown words, listing the accepted ones and the closest', () => {
    assert.throws(() => parseWord(ALGORITHMS, 'aez'), (error: unknown) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /unknown algorithm 'aez' \(did you mean 'aes'\?\)/);
      assert.match(error.message, /expected one of: aes, rsa, ecc/);
      return true;
    });
    assert.throws(() => parseWord(MODES, 'xts'), /unknown mode 'xts'; expected one of: ecb/);
    assert.throws(() => parseWord(PADDINGS, 'pkcs8'), /did you mean 'pkcs(5|7|1)'/);
    assert.throws(() => parseWord(DIGESTS, 'sha3-256'), /unknown digest/);
    assert.throws(() => parseWord(STORAGE_LEVELS, 'el2'), /unknown storage level 'el2'/);
  });

  it('parses purpose lists into one mask and back', () => {
    const P = HuksKeyPurpose;
    const encDec = P.HUKS_KEY_PURPOSE_ENCRYPT | P.HUKS_KEY_PURPOSE_DECRYPT;
    assert.equal(parsePurposes('encrypt,decrypt'), encDec);
    assert.equal(parsePurposes('sign|verify'), P.HUKS_KEY_PURPOSE_SIGN | P.HUKS_KEY_PURPOSE_VERIFY);
    assert.equal(parsePurposes('agree'), P.HUKS_KEY_PURPOSE_AGREE);
    assert.equal(purposeNames(encDec), 'encrypt,decrypt');
    assert.throws(() => parsePurposes(','), /empty purpose/);
    const typo = /unknown purpose 'sing' \(did you mean 'sign'\?\)/;
    assert.throws(() => parsePurposes('encrypt,sing'), typo);
  });

  it('parses sizes, curve names, counts and hex', () => {
    assert.equal(parseKeySize('256'), 256);
    assert.equal(parseKeySize('P-384'), 384);
    assert.equal(parseKeySize('prime256v1'), 256);
    assert.throws(() => parseKeySize('big'), /invalid key size 'big'/);
    assert.throws(() => parseKeySize('0'), /invalid key size/);
    assert.equal(parseCount('--length', '42'), 42);
    assert.throws(() => parseCount('--length', '-1'), /invalid --length/);
    assert.deepEqual(parseHex('--salt', '00:0a:FF'), Buffer.from([0, 10, 255]));
    assert.throws(() => parseHex('--salt', 'abc'), /invalid --salt/);
    assert.equal(wordOr(DIGESTS, undefined, 7), 7);
    assert.equal(wordOr(DIGESTS, 'sha1', 7), HuksKeyDigest.HUKS_DIGEST_SHA1);
  });
});
