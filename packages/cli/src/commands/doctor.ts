import { probeServer } from "@taxiway/core";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { sourceYaml } from "../output/source-yaml.js";
import { SOURCE_FLAGS_USAGE } from "./source-target.js";
import { withTaxiiClient } from "./with-taxii-client.js";

export const doctorCommand: Command = {
  name: "doctor",
  summary: "probe a TAXII server and say which quirks it has and what the job's source: should say",
  usage: `Usage: taxiway doctor URL|JOB.yaml [--collection C] [options]

Reads a few small pages of one collection (the job's, --collection, or the first readable one) and reports the
envelope shape and media type, the X-TAXII-Date-Added headers and their timestamp form, whether limit and
added_after are honored, how next behaves, page-size caps and rate-limit headers; then the source: settings that
suit the server. Read-only. Exit 1 when a finding needs attention.

  --collection C         id, alias or title of the collection to probe
${SOURCE_FLAGS_USAGE}
`,
  run(argv, io) {
    return withTaxiiClient(this.usage, argv, io, async (client, target) => {
      const wanted = target.collection ?? target.source.collection ?? target.source.collections?.[0];
      const report = await probeServer(client, target.source.url, wanted);
      if (target.json) {
        target.print(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        const collection = report.collection;
        target.print(
          `${report.apiRootUrl}${collection ? ` · collection ${collection.title} (${collection.id})` : ""}\n\n`,
        );
        for (const finding of report.findings)
          target.print(`${finding.verdict.padEnd(5)} ${finding.check.padEnd(13)} ${finding.detail}\n`);
        target.print("\nsuggested job settings (paste into the job file):\n\n");
        target.print(sourceYaml(report.suggested, target.source.auth));
      }
      return report.findings.some((f) => f.verdict === "warn") ? ExitCode.failed : ExitCode.ok;
    });
  },
};
