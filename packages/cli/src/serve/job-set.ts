import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
import { extname, join } from "node:path";
import {
  ConfigError,
  type ConfigProblem,
  type ConnectorRegistry,
  JobConfigError,
  type JobSchedule,
  jobSchedule,
  type LoadedJob,
  loadJobFile,
  type SecretRegistry,
  TaxiwayError,
} from "@taxiway/core";

/** One job as serve runs it. */
export interface ServeJob {
  name: string;
  file: string;
  loaded: LoadedJob;
  schedule: JobSchedule;
  /** Changes whenever the job's file says something else (reload compares it). */
  fingerprint: string;
}

/** A job file that could not be used: its file and each problem as `file:line:column: path: message`. */
export interface JobFileProblem {
  file: string;
  code: string;
  lines: string[];
}

export interface JobSet {
  jobs: Map<string, ServeJob>;
  problems: JobFileProblem[];
  /** Every job file found, loaded or not. */
  files: string[];
}

const JOB_FILE = new Set([".yaml", ".yml"]);

/**
 * The job files `taxiway serve` was given: each file as is; for a directory, its `*.yaml`/`*.yml` files (not
 * recursive, hidden names skipped, as a Kubernetes ConfigMap volume holds `..data` entries), sorted.
 * Throws ConfigError CONFIG_NOT_FOUND for a path that does not exist.
 */
export async function jobFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new ConfigError(`no such job file or directory: ${path}`, { code: "CONFIG_NOT_FOUND" });
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const names = (await readdir(path)).filter(
      (name) => !name.startsWith(".") && JOB_FILE.has(extname(name)),
    );
    for (const name of names.sort()) {
      const file = join(path, name);
      if ((await stat(file).catch(() => undefined))?.isFile()) files.push(file);
    }
  }
  return files;
}

function problemLines(file: string, error: unknown): JobFileProblem {
  if (error instanceof JobConfigError)
    return {
      file,
      code: error.code,
      lines: error.problems.map(
        (p: ConfigProblem) =>
          `${file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ""}: ${p.path || "(top level)"}: ${p.message}`,
      ),
    };
  const code = error instanceof TaxiwayError ? error.code : "CONFIG_INVALID";
  const message = error instanceof Error ? error.message : String(error);
  return { file, code, lines: [`${file}: ${message.split("\n")[0]}`] };
}

function fingerprintOf(file: string, loaded: LoadedJob): string {
  return createHash("sha256").update(file).update("\0").update(JSON.stringify(loaded.job)).digest("hex");
}

/**
 * Loads every job file (each with the same checks as `taxiway validate`); a file that fails is a problem, the
 * others still load. Two files naming one job: the second is a problem (a job is its checkpoint and lock key).
 */
export async function loadJobSet(
  paths: readonly string[],
  options: { env: NodeJS.ProcessEnv; secrets: SecretRegistry; registry: ConnectorRegistry },
): Promise<JobSet> {
  const files = await jobFiles(paths);
  const jobs = new Map<string, ServeJob>();
  const problems: JobFileProblem[] = [];
  for (const file of files) {
    try {
      const loaded = await loadJobFile(file, options);
      const { name } = loaded.job;
      const other = jobs.get(name);
      if (other)
        throw new ConfigError(`job '${name}' is already defined by ${other.file}: job names must be unique`, {
          code: "CONFIG_DUPLICATE_JOB",
        });
      jobs.set(name, {
        name,
        file,
        loaded,
        schedule: jobSchedule(loaded.job),
        fingerprint: fingerprintOf(file, loaded),
      });
    } catch (error) {
      problems.push(problemLines(file, error));
    }
  }
  return { jobs, problems, files };
}
