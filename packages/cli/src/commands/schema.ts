import { buildJobSchema } from "@taxiway/core";
import { loadBundledConnectors } from "../bundled-connectors.js";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";

export const schemaCommand: Command = {
  name: "schema",
  summary: "print the job-file JSON Schema (core + bundled connectors), for editors",
  usage: `Usage: taxiway schema

Prints the JSON Schema of job files, assembled from core's part and each bundled connector's part.
configs/taxiway.schema.json is this output; job files point editors at it with
  # yaml-language-server: $schema=./taxiway.schema.json
`,
  async run(_argv, io) {
    const { connectors, problems } = await loadBundledConnectors();
    for (const problem of problems) io.stderr.write(`taxiway schema: skipped connector ${problem}\n`);
    io.stdout.write(`${JSON.stringify(buildJobSchema(connectors), null, 2)}\n`);
    return ExitCode.ok;
  },
};
