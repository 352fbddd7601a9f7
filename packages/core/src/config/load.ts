import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Document, LineCounter, Node } from "yaml";
import { type ConnectorRegistry, loadConnector } from "../connectors/load.js";
import { ConfigError, TaxiwayError } from "../errors/index.js";
import type { SecretRegistry } from "../logging/index.js";
import type { ConnectorDescriptor } from "../sink/index.js";
import type { SourceDescriptor } from "../source/descriptor.js";
import { BUNDLED_SOURCES, loadSource } from "../source/registry.js";
import { urlCredentialProblem } from "../taxii/url-credentials.js";
import { interpolate } from "./interpolate.js";
import type { JobConfig } from "./job.js";
import { jobValidator, type PrecompiledValidators } from "./job-validator.js";
import { type ConfigProblem, JobConfigError, pathText } from "./problems.js";
import { buildJobSchema } from "./schema.js";
import { secretValues } from "./secret-paths.js";
import { syntaxProblem } from "./syntax-error.js";
import { loadYamlParser, type YamlParser } from "./yaml-parser.js";

export interface LoadJobOptions {
  env?: NodeJS.ProcessEnv;
  registry?: ConnectorRegistry;
  /** Receives every secret found (schema `x-secret` values and interpolated secrets). */
  secrets?: SecretRegistry;
  /** Validators generated at build time, by schema key (the CLI's bundled connectors); others are compiled. */
  precompiled?: PrecompiledValidators;
}

export interface LoadedJob {
  job: JobConfig;
  file: string;
  /** Directory of the job file: relative paths resolve against it. */
  baseDir: string;
  /** Connector descriptor for each `sinks[].type` as written. */
  connectors: Map<string, ConnectorDescriptor>;
  /** The source `source.type` names (absent on hand-built jobs: the bundled source of that type is used). */
  source?: SourceDescriptor;
}

function locate(
  yaml: YamlParser,
  document: Document,
  counter: LineCounter,
  path: readonly (string | number)[],
  key?: string,
) {
  const { isMap, isPair, isScalar } = yaml;
  // The deepest node that exists on the path; for an unknown key, the key itself.
  for (let depth = path.length; depth >= 0; depth--) {
    const parentPath = path.slice(0, depth);
    const node = (parentPath.length === 0 ? document.contents : document.getIn(parentPath, true)) as
      | Node
      | null
      | undefined;
    if (!node) continue;
    let range = node.range;
    if (key !== undefined && depth === path.length && isMap(node)) {
      const pair = node.items.find(
        (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === key,
      );
      if (pair && isScalar(pair.key) && pair.key.range) range = pair.key.range;
    }
    if (!range) continue;
    const { line, col } = counter.linePos(range[0]);
    return { line, column: col };
  }
  return {};
}

function byPosition(a: ConfigProblem, b: ConfigProblem): number {
  return (
    (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
    (a.column ?? 0) - (b.column ?? 0)
  );
}

/** What validating a job needs of a sink's connector: its config schema (a full descriptor has it). */
export type ConnectorSchema = Pick<ConnectorDescriptor, "configSchema">;

export interface ValidateJobOptions extends LoadJobOptions {
  /**
   * The config schema of a sink type without importing its connector (the CLI's bundled ones, recorded at build
   * time); undefined: the connector is loaded as `loadJobFile` does.
   */
  connectorSchema?: (spec: string) => Promise<ConnectorSchema | undefined>;
}

/** A job file read and validated, without its connectors (`validateJobFile`). */
export type ValidatedJob = Omit<LoadedJob, "connectors">;

/** Reads, interpolates and validates a job file, loading the connectors its sinks name. All problems at once. */
export async function loadJobFile(path: string, options: LoadJobOptions = {}): Promise<LoadedJob> {
  return readJobFile(path, options, (spec, baseDir) =>
    loadConnector(spec, { baseDir, registry: options.registry }),
  );
}

/**
 * Reads, interpolates and validates a job file exactly as `loadJobFile` does (same problems, same messages), taking
 * the sinks' schemas from `options.connectorSchema` where it has them, so `taxiway validate` need not import the
 * connectors (and what they import). Throws JobConfigError listing every problem.
 */
export async function validateJobFile(path: string, options: ValidateJobOptions = {}): Promise<ValidatedJob> {
  const { connectors: _, ...job } = await readJobFile<ConnectorSchema>(
    path,
    options,
    async (spec, baseDir) =>
      (await options.connectorSchema?.(spec)) ?? loadConnector(spec, { baseDir, registry: options.registry }),
  );
  return job;
}

async function readJobFile<Described extends ConnectorSchema>(
  path: string,
  options: LoadJobOptions,
  describeConnector: (spec: string, baseDir: string) => Promise<Described>,
): Promise<ValidatedJob & { connectors: Map<string, Described> }> {
  const file = resolve(path);
  const baseDir = dirname(file);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new ConfigError(
      `cannot read job file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        code: "CONFIG_NOT_FOUND",
      },
    );
  }
  // Imported here: a command that only names config types and errors (extract, the CLI's error reports) skips it.
  const yaml = await loadYamlParser();
  const counter = new yaml.LineCounter();
  const document = yaml.parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0)
    throw new JobConfigError([syntaxProblem(yaml, document, counter, document.errors, path)]);
  const raw = document.toJS({ maxAliasCount: 100 }) as unknown;
  const at = (
    problem: Omit<ConfigProblem, "file">,
    rawPath: (string | number)[],
    key?: string,
  ): ConfigProblem => ({
    ...problem,
    file: path,
    ...locate(yaml, document, counter, rawPath, key),
  });

  const interpolated = interpolate(raw, options.env ?? process.env, baseDir);
  const problems: ConfigProblem[] = interpolated.problems.map((problem) => {
    const rawPath = interpolated.paths.find((p) => pathText(p) === problem.path) ?? [];
    return at(problem, rawPath);
  });
  for (const secret of interpolated.secrets) options.secrets?.add(secret);

  const value = interpolated.value as Partial<JobConfig> | null;
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new JobConfigError([
      {
        path: "",
        message: "a job file is a YAML mapping (name, source, sinks…)",
        file: path,
        line: 1,
        column: 1,
      },
    ]);
  }

  const connectors = new Map<string, Described>();
  const sinks = Array.isArray(value.sinks) ? value.sinks : [];
  for (const [index, sink] of sinks.entries()) {
    const spec = (sink as { type?: unknown })?.type;
    if (typeof spec !== "string" || connectors.has(spec)) continue;
    try {
      connectors.set(spec, await describeConnector(spec, baseDir));
    } catch (error) {
      const message = error instanceof TaxiwayError ? error.message : String(error);
      problems.push(at({ path: `sinks[${index}].type`, message }, ["sinks", index, "type"]));
    }
  }

  let sourceDescriptor: SourceDescriptor | undefined;
  const sourceSpec = (value.source as { type?: unknown } | undefined)?.type;
  if (typeof sourceSpec === "string" && !BUNDLED_SOURCES.has(sourceSpec)) {
    try {
      sourceDescriptor = { ...(await loadSource(sourceSpec, { baseDir })), type: sourceSpec };
    } catch (error) {
      const message = error instanceof TaxiwayError ? error.message : String(error);
      problems.push(at({ path: "source.type", message }, ["source", "type"]));
    }
  } else if (typeof sourceSpec === "string") sourceDescriptor = BUNDLED_SOURCES.get(sourceSpec);

  const schema = buildJobSchema(
    [...connectors.entries()].map(([spec, descriptor]) => ({ ...descriptor, type: spec })),
    sourceDescriptor && !BUNDLED_SOURCES.has(sourceDescriptor.type) ? [sourceDescriptor] : [],
  );
  const issues = (await jobValidator(schema, options.precompiled))(value);
  // A value left empty by a missing ${env:…}/${file:…} already has its one true problem: the missing variable.
  const interpolationFailed = new Set(interpolated.problems.map((problem) => problem.path));
  for (const issue of issues) {
    if (interpolationFailed.has(pathText(issue.path))) continue;
    if (issue.path.join(".") === "source.type" && problems.some((p) => p.path === "source.type")) continue;
    if (
      issue.path[0] === "sinks" &&
      issue.path.at(-1) === "type" &&
      problems.some((p) => p.path === pathText(issue.path))
    )
      continue;
    const empty = interpolated.emptyReferences.get(pathText(issue.path));
    const message = empty
      ? `${issue.message} (the value is ${empty}, which is set but empty)`
      : issue.message;
    problems.push(
      at(
        { path: pathText(issue.path), message },
        issue.key ? issue.path.slice(0, -1) : issue.path,
        issue.key,
      ),
    );
  }
  const source = value.source as
    | { url?: unknown; auth?: { type?: unknown; login_url?: unknown } }
    | undefined;
  for (const [key, url] of [
    ["url", source?.url],
    ["login_url", source?.auth?.type === "jwt" ? source.auth.login_url : undefined],
  ] as const) {
    const problem = typeof url === "string" ? urlCredentialProblem(url) : undefined;
    const path = key === "url" ? ["source", "url"] : ["source", "auth", "login_url"];
    if (problem) problems.push(at({ path: pathText(path), message: problem }, path));
  }
  if (problems.length > 0) throw new JobConfigError(problems.sort(byPosition));

  for (const secret of secretValues(schema, value)) options.secrets?.add(secret);
  return {
    job: value as JobConfig,
    file,
    baseDir,
    connectors,
    ...(sourceDescriptor ? { source: sourceDescriptor } : {}),
  };
}
