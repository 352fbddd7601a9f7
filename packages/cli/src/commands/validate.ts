import { formatProblem, JobConfigError, SecretRegistry, validateJobFile } from "@taxiway/core/config";
import { parseFlags } from "../args.js";
import { bundledRegistry } from "../bundled-connectors.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { describeFailure, type FailureReport, reportFailure } from "../output/failure.js";
import { plural } from "../output/plural.js";
import { bundledConnectorSchema, precompiledValidators } from "../precompiled-validators.js";

const usage = `Usage: taxiway validate JOB.yaml [JOB.yaml…] [--json]

Reads each job file, interpolates \${env:…}/\${file:…} and validates the whole file against core's schema and the
config schema of each connector its sinks name (a bundled connector's as recorded when taxiway was built; any other
connector is loaded). Prints every problem as  path: what is wrong (file:line:column), sorted by line.
Exit 0 when all are valid, 2 otherwise. --json: one JSON object per file on stdout: {"file","status":"ok","job"},
or the failure object every command prints ({"file","status":"failed","code","exit_code","message","problems"}).
`;

/** One line of `--json`: `{file, status: "ok", job}`, or the documented failure object with the file. */
type FileVerdict = { file: string; status: "ok"; job: string } | ({ file: string } & FailureReport);

export const validateCommand: Command = {
  name: "validate",
  summary: "check job files against the schema (every problem, with file:line:column)",
  usage,
  async run(argv, io) {
    let files: string[];
    let json: boolean;
    try {
      const { values, positionals } = parseFlags(argv, { json: { type: "boolean" } });
      files = positionals;
      json = values.json === true;
    } catch (error) {
      const code = reportFailure(io, error, { json: argv.includes("--json") });
      io.stderr.write(`\n${usage}`);
      return code;
    }
    if (files.length === 0) {
      io.stderr.write(usage);
      return ExitCode.usage;
    }
    let worst: number = ExitCode.ok;
    for (const file of files) {
      const secrets = new SecretRegistry();
      let verdict: FileVerdict;
      try {
        const { job } = await validateJobFile(file, {
          env: io.env,
          secrets,
          registry: bundledRegistry(),
          precompiled: precompiledValidators,
          connectorSchema: bundledConnectorSchema,
        });
        verdict = { file, status: "ok", job: job.name };
        if (!json) io.stdout.write(`${file}: ok (job ${job.name}, ${plural(job.sinks.length, "sink")})\n`);
      } catch (error) {
        const failure = describeFailure(error);
        verdict = { file, ...failure };
        const problems =
          error instanceof JobConfigError
            ? error.problems.map((problem) => `  ${formatProblem(problem)}`)
            : [];
        io.stderr.write(
          secrets.redact(
            `${[...problems, `taxiway: ${failure.code}: ${file}: ${failure.message}`].join("\n")}\n`,
          ),
        );
        worst = Math.max(worst, failure.exit_code);
      }
      if (json) io.stdout.write(secrets.redact(`${JSON.stringify(verdict)}\n`));
    }
    return worst;
  },
};
