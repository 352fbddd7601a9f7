import { ConfigError, LockedError, TaxiwayError } from "@taxiway/core";
import { ExitCode } from "../exit-codes.js";

export function exitCodeFor(error: unknown): number {
  if (error instanceof LockedError) return ExitCode.locked;
  if (error instanceof ConfigError) return ExitCode.config;
  if (error instanceof TaxiwayError && error.code.startsWith("CONFIG")) return ExitCode.config;
  return ExitCode.failed;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
