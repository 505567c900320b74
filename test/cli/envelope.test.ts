import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HuksCipherMode, HuksKeyAlg, HuksKeyPadding } from '../../src/common/enums.js';
import { decodeHeader, encodeHeader, isAead } from '../../src/cli/envelope.js';

describe('cli encrypted file header', () => {
  it('round-trips and has the documented layout', () => {
    const iv = Uint8Array.from({ length: 12 }, (_, i) => i + 1);
    const header = {
      alg: HuksKeyAlg.HUKS_ALG_AES,
      mode: HuksCipherMode.HUKS_MODE_GCM,
      padding: HuksKeyPadding.HUKS_PADDING_NONE,
      iv,
      tagLength: 16,
    };
    const bytes = encodeHeader(header);
    // "HKSE", version 1, AES (0x14), GCM (0x20), padding none, 12-byte nonce, 16-byte tag.
    const fixed = '484b5345' + '01' + '14' + '20' + '00' + '0c' + '10';
    assert.equal(bytes.toString('hex'), fixed + Buffer.from(iv).toString('hex'));
    const decoded = decodeHeader(Buffer.concat([bytes, Buffer.from('ciphertext')]));
    assert.equal(decoded.length, 22);
    assert.deepEqual(decoded.header, header);
  });

  it('refuses other files and other versions', () => {
    const zip = Buffer.from('PK\x03\x04 not ours');
    assert.throws(() => decodeHeader(zip), /not a huks encrypted file/);
    const cbc = { alg: 20, mode: 2, padding: 5, iv: new Uint8Array(16), tagLength: 0 };
    const future = encodeHeader(cbc);
    future[4] = 2;
    assert.throws(() => decodeHeader(future), /unsupported huks file version 2/);
    assert.throws(() => decodeHeader(future.subarray(0, 12)), /unsupported|truncated/);
  });

  it('treats GCM and CCM as AEAD only', () => {
    assert.equal(isAead(HuksCipherMode.HUKS_MODE_GCM), true);
    assert.equal(isAead(HuksCipherMode.HUKS_MODE_CCM), true);
    assert.equal(isAead(HuksCipherMode.HUKS_MODE_CBC), false);
  });
});
