// No vector file may be silently left out: every *_test.json under ../shared/vectors must be
// claimed by one of the suites in this folder (each of which counts all of its tests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { listVectorFiles } from './lib/files.js';

test('every vector file is claimed by a suite', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const sources = readdirSync(here)
    .filter((f) => f.endsWith('.test.js') && f !== 'coverage.test.js')
    .map((f) => readFileSync(path.join(here, f), 'utf8'))
    .join('\n');
  const claimed = (name: string): boolean => {
    const base = path.basename(name);
    if (sources.includes(name) || sources.includes(base)) return true;
    // Suites that build names from parts: hmac_<h>, hkdf_<h>, pbkdf2_hmac<h>, ecdsa_<c>, ...
    // The RSA suites pick their files by pattern: rsa_(signature|pss)_ and rsa_(pkcs1|oaep)_.
    const rsa = /^wycheproof\/rsa_(signature|pss|pkcs1|oaep)_/.exec(name)?.[1];
    if (rsa) {
      const family = rsa === 'pkcs1' || rsa === 'oaep' ? 'pkcs1|oaep' : 'signature|pss';
      return sources.includes(`rsa_(${family})_`);
    }
    const m = /^wycheproof\/(hmac|hkdf|pbkdf2_hmac|ecdsa|ecdh)_?(.+)_test\.json$/.exec(name);
    return m !== null && sources.includes(`'${m[2]}'`);
  };
  const missing = listVectorFiles().filter((f) => !claimed(f));
  assert.deepEqual(missing, [], 'vector files no suite runs');
});
