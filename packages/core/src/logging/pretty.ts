import { createRequire } from "node:module";
import type { prettyFactory as PrettyFactory } from "pino-pretty";

type PrettyModule = { prettyFactory: typeof PrettyFactory };

let loaded: typeof PrettyFactory | undefined;

/**
 * Loads pino-pretty, which only a terminal (or `format: pretty`) needs: a cron run logging JSON never pays for it.
 * The CLI awaits this before `createLogger` (see `loadPrettyLogs` callers); the import is literal so bundles keep it.
 */
export async function loadPrettyLogs(): Promise<void> {
  // module.exports is a function carrying `prettyFactory`: commonJsExports (objects only) cannot tell a bundle's
  // default-only namespace from Node's, so both places are looked at.
  const namespace = (await import("pino-pretty")) as Partial<PrettyModule> & { default?: PrettyModule };
  loaded ??= namespace.prettyFactory ?? namespace.default?.prettyFactory;
}

/** pino-pretty's `prettyFactory`, loaded synchronously for a caller that did not await `loadPrettyLogs` first. */
export function prettyFactory(): typeof PrettyFactory {
  loaded ??= (createRequire(import.meta.url)("pino-pretty") as PrettyModule).prettyFactory;
  return loaded;
}
