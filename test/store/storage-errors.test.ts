import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { HksErr, HuksFailure, toExternal } from '../../src/errors/failure.js';
import { storageFailure, type StorageOp } from '../../src/store/storage-errors.js';

const INVALID = 'Failed to read the key from an invalid key file.';

const cases: [code: string | undefined, op: StorageOp, internal: number, message: string][] = [
  ['ENOSPC', 'write', HksErr.STORAGE_FAILURE, 'Insufficient storage space.'],
  ['SQLITE_FULL', 'write', HksErr.STORAGE_FAILURE, 'Insufficient storage space.'],
  ['EDQUOT', 'mkdir', HksErr.STORAGE_FAILURE, 'Insufficient storage space.'],
  ['EACCES', 'write', HksErr.WRITE_FILE_FAIL, 'Failed to write the file.'],
  ['EROFS', 'write', HksErr.WRITE_FILE_FAIL, 'Failed to write the file.'],
  ['SQLITE_READONLY', 'write', HksErr.WRITE_FILE_FAIL, 'Failed to write the file.'],
  ['SQLITE_READONLY_DIRECTORY', 'open', HksErr.WRITE_FILE_FAIL, 'Failed to write the file.'],
  ['SQLITE_READONLY', 'remove', HksErr.REMOVE_FILE_FAIL, 'Failed to remove the file.'],
  ['SQLITE_IOERR_FSYNC', 'write', HksErr.WRITE_FILE_FAIL, 'Failed to write the file.'],
  ['SQLITE_IOERR_READ', 'read', HksErr.READ_FILE_FAIL, 'Failed to read the file.'],
  ['SQLITE_IOERR_CLOSE', 'close', HksErr.CLOSE_FILE_FAIL, 'Failed to close the file.'],
  ['SQLITE_CANTOPEN', 'read', HksErr.OPEN_FILE_FAIL, 'Failed to open the file.'],
  ['SQLITE_NOTADB', 'open', HksErr.INVALID_KEY_FILE, INVALID],
  ['SQLITE_CORRUPT_INDEX', 'read', HksErr.INVALID_KEY_FILE, INVALID],
  ['ENOTDIR', 'mkdir', HksErr.MAKE_DIR_FAIL, 'Failed to create the directory.'],
  ['EACCES', 'read', HksErr.READ_FILE_FAIL, 'Failed to read the file.'],
  ['SQLITE_BUSY', 'write', HksErr.WRITE_FILE_FAIL, 'Failed to write the file.'],
  ['EIO', 'remove', HksErr.REMOVE_FILE_FAIL, 'Failed to remove the file.'],
  [undefined, 'open', HksErr.OPEN_FILE_FAIL, 'Failed to open the file.'],
];

describe('storageFailure (errors.md 12000004 rows)', () => {
  for (const [code, op, internal, message] of cases) {
    it(`${code ?? 'no code'} during ${op} -> ${internal} "${message}"`, () => {
      const cause = code === undefined ? new Error('x') : Object.assign(new Error('x'), { code });
      const failure = storageFailure(cause, op, 'testing');
      assert.equal(failure.internal, internal);
      assert.deepEqual(toExternal(failure.internal), { code: 12000004, message });
      assert.match(failure.detail ?? '', /^testing: /);
    });
  }

  it('lets a HuksFailure through unchanged', () => {
    const original = new HuksFailure(HksErr.KEY_ALREADY_EXIST, 'exists');
    assert.equal(storageFailure(original, 'write', 'testing'), original);
  });
});
