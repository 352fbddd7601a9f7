import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError } from "@taxiway/core";

/** node:util parseArgs with usage errors typed (exit code 64 is decided by the caller). */
export class UsageError extends ConfigError {
  constructor(message: string) {
    super(message, { code: "USAGE" });
  }
}

export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
