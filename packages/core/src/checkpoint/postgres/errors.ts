import { ConfigError, NetworkError, TaxiwayError } from "../../errors/index.js";

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENOTFOUND",
  "EPIPE",
]);

/**
 * A pg failure as a typed error: unreachable or cut off → NetworkError (retryable); bad credentials or a missing
 * database → ConfigError; a serialization failure, deadlock or shutdown → retryable; anything else → not.
 * `where` is the masked URL. SQLSTATE classes: PostgreSQL manual, appendix A.
 */
export function postgresError(error: unknown, where: string): TaxiwayError {
  if (error instanceof TaxiwayError) return error;
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message ?? String(error);
  if (NETWORK_CODES.has(code) || (!code && /Connection terminated|timeout/i.test(message)))
    return new NetworkError(`checkpoint store ${where} unreachable: ${message}`, {
      code: "CHECKPOINT_STORE_UNREACHABLE",
      details: { store: where },
    });
  if (code.startsWith("28") || code === "3D000")
    return new ConfigError(`checkpoint store ${where}: ${message} (SQLSTATE ${code})`, {
      code: "CHECKPOINT_STORE_AUTH",
      details: { store: where, sqlstate: code },
    });
  const retryable = code === "40001" || code === "40P01" || code.startsWith("08") || code.startsWith("57P");
  return new TaxiwayError(`checkpoint store ${where}: ${message}${code ? ` (SQLSTATE ${code})` : ""}`, {
    code: "CHECKPOINT_STORE",
    retryable,
    details: { store: where, ...(code ? { sqlstate: code } : {}) },
  });
}
