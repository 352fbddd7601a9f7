import {
  isTaxiiSource,
  type Logger,
  SecretRegistry,
  type TaxiiAuth,
  type TaxiiSourceConfig,
} from "@taxiway/core";
import { parseFlags, UsageError } from "../args.js";
import type { CommandIo } from "../command.js";
import { openLogger } from "../output/logger.js";
import { prepareJob } from "../runtime.js";

export const SOURCE_FLAGS_USAGE = `  --user NAME            HTTP Basic user (password from --password-env)
  --password-env VAR     environment variable holding the Basic password
  --token-env VAR        environment variable holding a bearer token
  --ca-file PEM          CA to trust
  --insecure             skip TLS verification (labs only)
  --json                 machine-readable output`;

const flags = {
  user: { type: "string" },
  "password-env": { type: "string" },
  "token-env": { type: "string" },
  "ca-file": { type: "string" },
  insecure: { type: "boolean" },
  json: { type: "boolean" },
  collection: { type: "string" },
} as const;

export interface SourceTarget {
  source: TaxiiSourceConfig;
  logger: Logger;
  json: boolean;
  collection?: string;
  /** Writes to stdout with every secret masked. */
  print(text: string): void;
  /** Masks every secret the target knows. */
  redact(text: string): string;
}

function envSecret(io: CommandIo, name: string, secrets: SecretRegistry): string {
  const value = io.env[name];
  if (!value) throw new UsageError(`environment variable ${name} is not set`);
  secrets.add(value);
  return value;
}

/**
 * The TAXII source a probing command talks to: a job file's `source:` (its auth and TLS included), or a URL with
 * flags. Secrets come from environment variables, never from argv (which `ps` shows to everyone).
 */
export async function sourceTarget(argv: string[], io: CommandIo): Promise<SourceTarget> {
  const { values, positionals } = parseFlags(argv, flags);
  const [target] = positionals;
  if (!target) throw new UsageError("name a discovery/API-root URL or a job file");
  const json = values.json === true;
  if (/\.ya?ml$/i.test(target)) {
    const { loaded, logger, print, secrets } = await prepareJob(target, io, { logLevel: "warn" });
    const source = loaded.job.source;
    if (!isTaxiiSource(source))
      throw new UsageError(
        `${target}: its source is ${source.type}, not taxii; this command talks to TAXII servers`,
      );
    return {
      source,
      logger,
      json,
      collection: values.collection,
      print,
      redact: (text) => secrets.redact(text),
    };
  }
  if (!/^https?:\/\//.test(target)) throw new UsageError(`${target}: not an http(s) URL or a .yaml job file`);
  const secrets = new SecretRegistry();
  let auth: TaxiiAuth = { type: "none" };
  if (values["token-env"]) auth = { type: "bearer", token: envSecret(io, values["token-env"], secrets) };
  else if (values.user) {
    if (!values["password-env"]) throw new UsageError("--user needs --password-env VAR");
    auth = { type: "basic", username: values.user, password: envSecret(io, values["password-env"], secrets) };
  }
  const logger = await openLogger({
    level: "warn",
    format: "auto",
    destination: io.stderr as unknown as { write(text: string): unknown; isTTY?: boolean },
    secrets,
  });
  const tls =
    values["ca-file"] || values.insecure
      ? {
          ...(values["ca-file"] ? { ca_file: values["ca-file"] } : {}),
          ...(values.insecure ? { insecure: true } : {}),
        }
      : undefined;
  return {
    source: { type: "taxii", url: target, auth, retries: 1, ...(tls ? { tls } : {}) },
    logger,
    json,
    collection: values.collection,
    print: (text) => io.stdout.write(secrets.redact(text)),
    redact: (text) => secrets.redact(text),
  };
}
