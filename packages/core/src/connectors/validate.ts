import { ConfigError } from "../errors/index.js";
import type { ConnectorDescriptor } from "../sink/index.js";
import { CORE_VERSION } from "../version.js";
import { isValidRange, satisfies } from "./version-range.js";

const TYPE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

/** Lists what is wrong with a descriptor's shape; empty when it is well-formed. */
export function descriptorProblems(candidate: unknown): string[] {
  if (typeof candidate !== "object" || candidate === null)
    return [`the export is ${describe(candidate)}, not an object`];
  const d = candidate as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof d.type !== "string" || !TYPE_NAME.test(d.type)) {
    problems.push(`"type" must be a lowercase name like "webhook" (got ${describe(d.type)})`);
  }
  if (typeof d.version !== "string" || d.version === "") {
    problems.push(`"version" must be the connector's version string (got ${describe(d.version)})`);
  }
  if (typeof d.coreVersion !== "string" || !isValidRange(d.coreVersion)) {
    problems.push(
      `"coreVersion" must be a semver range such as "^${CORE_VERSION}" (got ${describe(d.coreVersion)})`,
    );
  }
  const schema = d.configSchema;
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) {
    problems.push(`"configSchema" must be a JSON Schema object (got ${describe(schema)})`);
  } else if ((schema as Record<string, unknown>).type !== "object") {
    problems.push(`"configSchema" must describe an object ("type": "object")`);
  }
  if (typeof d.create !== "function") problems.push(`"create" must be a function (config, context) => Sink`);
  return problems;
}

/**
 * Picks the descriptor out of an imported module (`connector` export, else `default`) and checks its shape and
 * its `coreVersion` range against this core. Throws ConfigError naming every problem.
 */
export function validateConnectorModule(mod: unknown, source: string): ConnectorDescriptor {
  const exports = (typeof mod === "object" && mod !== null ? mod : {}) as Record<string, unknown>;
  const candidate = exports.connector ?? exports.default;
  if (candidate === undefined) {
    throw new ConfigError(
      `connector ${source} exports neither "connector" nor a default export; export the result of defineConnector({...})`,
      { code: "CONNECTOR_INVALID", details: { source, exports: Object.keys(exports) } },
    );
  }
  const problems = descriptorProblems(candidate);
  if (problems.length > 0) {
    throw new ConfigError(`connector ${source} is not a valid connector: ${problems.join("; ")}`, {
      code: "CONNECTOR_INVALID",
      details: { source, problems },
    });
  }
  const descriptor = candidate as ConnectorDescriptor;
  if (!satisfies(CORE_VERSION, descriptor.coreVersion)) {
    throw new ConfigError(
      `connector ${source} (type "${descriptor.type}" ${descriptor.version}) needs @taxiway/core ${descriptor.coreVersion}, but this is ${CORE_VERSION}`,
      {
        code: "CONNECTOR_INCOMPATIBLE",
        details: { source, coreVersion: descriptor.coreVersion, actual: CORE_VERSION },
      },
    );
  }
  return descriptor;
}
