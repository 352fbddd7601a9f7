import { formatProblem, JobConfigError, loadJobFile, SecretRegistry } from "@taxiway/core";
import { bundledRegistry } from "../bundled-connectors.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { exitCodeFor } from "../output/exit-code-for.js";
import { describeFailure } from "../output/failure.js";

export const validateCommand: Command = {
  name: "validate",
  summary: "check job files against the schema (every problem, with file:line:column)",
  usage: `Usage: taxiway validate JOB.yaml [JOB.yaml…]

Reads each job file, interpolates \${env:…}/\${file:…}, loads the connectors its sinks name and validates
the whole file. Prints every problem as  path: what is wrong (file:line:column). Exit 0 when all are valid, 2 otherwise.
`,
  async run(argv, io) {
    if (argv.length === 0) {
      io.stderr.write(this.usage);
      return ExitCode.usage;
    }
    let worst: number = ExitCode.ok;
    for (const path of argv) {
      const secrets = new SecretRegistry();
      try {
        const { job } = await loadJobFile(path, { env: io.env, secrets, registry: bundledRegistry() });
        io.stdout.write(
          `${path}: ok (job ${job.name}, ${job.sinks.length} sink${job.sinks.length === 1 ? "" : "s"})\n`,
        );
      } catch (error) {
        const report = describeFailure(error);
        const lines =
          error instanceof JobConfigError
            ? error.problems.map((problem) => `  ${formatProblem(problem)}`)
            : [];
        io.stderr.write(
          secrets.redact(`${[...lines, `taxiway: ${report.code}: ${path}: ${report.message}`].join("\n")}\n`),
        );
        worst = Math.max(worst, exitCodeFor(error));
      }
    }
    return worst;
  },
};
