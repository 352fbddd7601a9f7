import { createRequire } from "node:module";
import type { prettyFactory as PrettyFactory } from "pino-pretty";
import { commonJsExports } from "../modules/index.js";

type PrettyModule = { prettyFactory: typeof PrettyFactory };

let loaded: typeof PrettyFactory | undefined;

/**
 * Loads pino-pretty, which only a terminal (or `format: pretty`) needs: a cron run logging JSON never pays for it.
 * The CLI awaits this before `createLogger` (see `loadPrettyLogs` callers); the import is literal so bundles keep it.
 */
export async function loadPrettyLogs(): Promise<void> {
  loaded ??= commonJsExports<PrettyModule>(await import("pino-pretty")).prettyFactory;
}

/** pino-pretty's `prettyFactory`, loaded synchronously for a caller that did not await `loadPrettyLogs` first. */
export function prettyFactory(): typeof PrettyFactory {
  loaded ??= (createRequire(import.meta.url)("pino-pretty") as PrettyModule).prettyFactory;
  return loaded;
}
