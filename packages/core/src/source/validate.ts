import { descriptorProblems } from "../connectors/validate.js";
import { satisfies } from "../connectors/version-range.js";
import { ConfigError } from "../errors/index.js";
import { CORE_VERSION } from "../version.js";
import type { SourceDescriptor } from "./descriptor.js";

/** What is wrong with a source descriptor's shape (the sink checks, with `open` in place of `create`). */
export function sourceDescriptorProblems(candidate: unknown): string[] {
  const asSink =
    typeof candidate === "object" && candidate !== null
      ? { ...(candidate as Record<string, unknown>), create: () => undefined }
      : candidate;
  const problems = descriptorProblems(asSink);
  if (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof (candidate as { open?: unknown }).open !== "function"
  )
    problems.push(`"open" must be a function (config, context) => Promise<{ sources, close }>`);
  return problems;
}

/**
 * Picks the source descriptor out of an imported module (`source` export, else `default`), checks its shape and its
 * `coreVersion` range. Throws ConfigError with code SOURCE_INVALID or SOURCE_INCOMPATIBLE.
 */
export function validateSourceModule(mod: unknown, origin: string): SourceDescriptor {
  const exports = (typeof mod === "object" && mod !== null ? mod : {}) as Record<string, unknown>;
  const candidate = exports.source ?? exports.default;
  const problems =
    candidate === undefined
      ? [`exports neither "source" nor a default export; export the result of defineSource({...})`]
      : sourceDescriptorProblems(candidate);
  if (problems.length > 0)
    throw new ConfigError(`source ${origin} is not a valid source: ${problems.join("; ")}`, {
      code: "SOURCE_INVALID",
      details: { origin, problems },
    });
  const descriptor = candidate as SourceDescriptor;
  if (!satisfies(CORE_VERSION, descriptor.coreVersion))
    throw new ConfigError(
      `source ${origin} (type "${descriptor.type}" ${descriptor.version}) needs @taxiway/core ${descriptor.coreVersion}, but this is ${CORE_VERSION}`,
      { code: "SOURCE_INCOMPATIBLE", details: { origin, coreVersion: descriptor.coreVersion } },
    );
  return descriptor;
}
