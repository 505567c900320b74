import { HksErr, HuksFailure } from '../errors/failure.js';

/**
 * Maps file-system and SQLite failures to the 12000004 internal codes of errors.md: -10
 * "Insufficient storage space.", -16 read, -22 write, -23 remove, -24 open, -25 close, -26 create
 * the directory, -27 invalid key file. The operation decides the code when the cause does not:
 * a failed write is "Failed to write the file." whether the disk said EACCES, EROFS or EIO.
 */

export type StorageOp = 'open' | 'read' | 'write' | 'remove' | 'close' | 'mkdir';

const OP_CODE: Readonly<Record<StorageOp, number>> = {
  open: HksErr.OPEN_FILE_FAIL,
  read: HksErr.READ_FILE_FAIL,
  write: HksErr.WRITE_FILE_FAIL,
  remove: HksErr.REMOVE_FILE_FAIL,
  close: HksErr.CLOSE_FILE_FAIL,
  mkdir: HksErr.MAKE_DIR_FAIL,
};

/** Converts anything thrown by fs or better-sqlite3 into a HuksFailure; HuksFailures pass. */
export function storageFailure(err: unknown, op: StorageOp, what: string): HuksFailure {
  if (err instanceof HuksFailure) return err;
  const code = errorCode(err);
  const detail = `${what}: ${code ?? 'error'}${err instanceof Error ? ` (${err.message})` : ''}`;
  return new HuksFailure(internalFor(code, op), detail);
}

function internalFor(code: string | undefined, op: StorageOp): number {
  if (code === undefined) return OP_CODE[op];
  // Disk full is the one cause with its own message, whatever the operation.
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL') {
    return HksErr.STORAGE_FAILURE;
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT_')) {
    return HksErr.INVALID_KEY_FILE;
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return HksErr.OPEN_FILE_FAIL;
  const writing = code.startsWith('SQLITE_READONLY') || code === 'SQLITE_IOERR_WRITE' ||
    code === 'SQLITE_IOERR_FSYNC';
  // A delete that cannot write is "Failed to remove the file.", anything else a failed write.
  if (writing) return op === 'remove' ? HksErr.REMOVE_FILE_FAIL : HksErr.WRITE_FILE_FAIL;
  if (code === 'SQLITE_IOERR_READ' || code === 'SQLITE_IOERR_SHORT_READ') {
    return HksErr.READ_FILE_FAIL;
  }
  if (code === 'SQLITE_IOERR_CLOSE') return HksErr.CLOSE_FILE_FAIL;
  return OP_CODE[op];
}

function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const code = (err as { code: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
