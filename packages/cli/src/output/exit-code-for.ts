import { ConfigError, LockedError, TaxiwayError } from "@taxiway/core/config";
import { UsageError } from "../args.js";
import { ExitCode } from "../exit-codes.js";

/** Server answers that only a config change fixes: credentials, access, a wrong URL or collection. */
const CONFIG_STATUSES = new Set(["TAXII_HTTP_401", "TAXII_HTTP_403", "TAXII_HTTP_404", "TAXII_HTTP_406"]);

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof LockedError) return ExitCode.locked;
  if (error instanceof ConfigError) return ExitCode.config;
  if (error instanceof TaxiwayError && CONFIG_STATUSES.has(error.code)) return ExitCode.config;
  if (error instanceof TaxiwayError && error.code.startsWith("CONFIG")) return ExitCode.config;
  return ExitCode.failed;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
