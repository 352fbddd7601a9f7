import { type ParseArgsConfig, parseArgs } from "node:util";
import { ConfigError, closestName } from "@taxiway/core/config";

/** A wrong command line: exit code 64 (decided by `exitCodeFor`). */
export class UsageError extends ConfigError {
  constructor(message: string) {
    super(message, { code: "USAGE" });
  }
}

/** Flags that would put a secret on the command line, where `ps` shows it to every user of the machine. */
const SECRET_FLAGS: Record<string, string> = {
  password: "--password-env VAR (the name of an environment variable holding it)",
  token: "--token-env VAR (the name of an environment variable holding it)",
};

function unknownOptionMessage(message: string, known: readonly string[]): string {
  const ambiguous = /Option '(--?[^']+)' argument is ambiguous/.exec(message)?.[1];
  if (ambiguous)
    return `${ambiguous} takes a value, and the one given starts with '-'; durations and counts cannot be negative (write ${ambiguous}=VALUE for a value that really starts with '-')`;
  const flag = /Unknown option '--([^'=]+)/.exec(message)?.[1];
  if (flag === undefined) return message;
  const secret = SECRET_FLAGS[flag];
  if (secret) return `--${flag} is not accepted: secrets never go on the command line. Use ${secret}`;
  const near = closestName(flag, known);
  return `unknown option --${flag}${near ? ` (did you mean --${near}?)` : ""}`;
}

/** node:util parseArgs (strict) with every mistake a {@link UsageError} that says what was meant. */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(
  argv: string[],
  options: T,
  allowPositionals = true,
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    throw new UsageError(unknownOptionMessage((error as Error).message, Object.keys(options)));
  }
}
