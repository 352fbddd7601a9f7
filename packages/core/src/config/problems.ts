import { ConfigError } from "../errors/index.js";

/** One thing wrong with a job file, located as precisely as the YAML allows. */
export interface ConfigProblem {
  /** `sinks[1].index` */
  path: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.file
    ? ` (${problem.file}${problem.line !== undefined ? `:${problem.line}:${problem.column ?? 1}` : ""})`
    : "";
  return `${problem.path || "(top level)"}: ${problem.message}${where}`;
}

/** Every problem of a file at once. */
export class JobConfigError extends ConfigError {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const lines = problems.map(formatProblem);
    super(
      problems.length === 1
        ? `invalid job config: ${lines[0]}`
        : `invalid job config (${problems.length} problems):\n  ${lines.join("\n  ")}`,
      { details: { problems } },
    );
    this.problems = problems;
  }
}

/** `["sinks", 1, "index"]` → `sinks[1].index` */
export function pathText(path: readonly (string | number)[]): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );
}
