import { SinkError, TaxiwayError } from "../errors/index.js";

/**
 * Errno codes that waiting cannot fix: a read-only or missing directory, a path through a file, no permission, a
 * symlink refused by O_NOFOLLOW. Everything else (ENOSPC, EDQUOT, EIO, EAGAIN, EMFILE, ETIMEDOUT, …) may pass.
 */
const PERMANENT = new Set([
  "EROFS",
  "ENOTDIR",
  "EISDIR",
  "EACCES",
  "EPERM",
  "ELOOP",
  "ENAMETOOLONG",
  "EFBIG",
  "EINVAL",
  "EBADF",
  "EXDEV",
]);

/** True when retrying a file-system operation that failed with this errno code might succeed. */
export function isTransientFsCode(code: string | undefined): boolean {
  return code === undefined || !PERMANENT.has(code);
}

/**
 * A file-system failure as a SinkError with code `FS_<ERRNO>` (`FS_ENOSPC`, `FS_EROFS`, …), retryable unless the
 * errno is permanent (`isTransientFsCode`). Errors taxiway already typed pass through unchanged.
 */
export function fileSystemError(what: string, error: unknown): TaxiwayError {
  if (error instanceof TaxiwayError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new SinkError(`${what}: ${message}`, {
    code: code ? `FS_${code}` : "FS_ERROR",
    retryable: isTransientFsCode(code),
    cause: error,
    ...(code ? { details: { errno: code } } : {}),
  });
}
