import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage } from "../output/exit-code-for.js";
import { textTable } from "../output/text-table.js";
import { SOURCE_FLAGS_USAGE } from "./source-target.js";
import { withTaxiiClient } from "./with-taxii-client.js";

export const discoverCommand: Command = {
  name: "discover",
  summary: "list a TAXII server's API roots and collections (id, alias, title, access, media types)",
  usage: `Usage: taxiway discover URL|JOB.yaml [options]

Asks the server's discovery endpoint (or the API root you name) for its API roots, and each readable API root for
its collections: what to put in a job's source.url and source.collection.

${SOURCE_FLAGS_USAGE}
`,
  run(argv, io) {
    return withTaxiiClient("discover", this.usage, argv, io, async (client, target) => {
      const { apiRootUrl, discovery } = await client.resolveApiRoot(target.source.url);
      const rootUrls = discovery?.api_roots?.map((root) => new URL(root, target.source.url).toString()) ?? [
        apiRootUrl,
      ];
      const roots = [];
      for (const url of rootUrls) {
        try {
          const info = await client.apiRoot(url);
          roots.push({ url, info, collections: await client.collections(url) });
        } catch (error) {
          roots.push({ url, error: errorMessage(error), collections: [] });
        }
      }
      if (target.json) {
        target.print(
          `${JSON.stringify({ discovery: discovery ?? null, default: apiRootUrl, api_roots: roots }, null, 2)}\n`,
        );
        return ExitCode.ok;
      }
      if (discovery?.title)
        target.print(`${discovery.title}${discovery.description ? ` — ${discovery.description}` : ""}\n`);
      for (const root of roots) {
        target.print(`\nAPI root ${root.url}${root.url === apiRootUrl ? " (default)" : ""}\n`);
        if (root.error) {
          target.print(`  not readable: ${root.error}\n`);
          continue;
        }
        target.print(`  ${root.info?.title ?? ""} · versions ${root.info?.versions?.join(", ") ?? "?"}\n\n`);
        const rows = root.collections.map((c) => [
          c.id,
          c.alias ?? "",
          c.title ?? "",
          `${c.can_read ? "r" : "-"}${c.can_write ? "w" : "-"}`,
          (c.media_types ?? []).join(" "),
        ]);
        target.print(
          rows.length > 0
            ? `${textTable(["ID", "ALIAS", "TITLE", "ACCESS", "MEDIA TYPES"], rows).replace(/^/gm, "  ")}\n`
            : "  no collections visible with these credentials\n",
        );
      }
      return ExitCode.ok;
    });
  },
};
