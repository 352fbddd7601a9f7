import { type CollectionInfo, findCollection } from "@taxiway/core";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { errorMessage } from "../output/exit-code-for.js";
import { textTable } from "../output/text-table.js";
import { SOURCE_FLAGS_USAGE } from "./source-target.js";
import { withTaxiiClient } from "./with-taxii-client.js";

export const discoverCommand: Command = {
  name: "discover",
  summary: "list a TAXII server's API roots and collections (id, alias, title, access, media types)",
  usage: `Usage: taxiway discover URL|JOB.yaml [--collection C] [options]

Asks the server's discovery endpoint (or the API root you name) for its API roots, and each readable API root for
its collections: what to put in a job's source.url and source.collection.

  --collection C         show only this collection (id, alias or title, matched as a job's source.collection is)
${SOURCE_FLAGS_USAGE}
`,
  run(argv, io) {
    return withTaxiiClient(this.usage, argv, io, async (client, target) => {
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
      if (target.collection !== undefined) onlyCollection(target.collection, roots);
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
            : target.collection !== undefined
              ? `  no collection '${target.collection}' here\n`
              : "  no collections visible with these credentials\n",
        );
      }
      return ExitCode.ok;
    });
  },
};

/**
 * Keeps only the wanted collection in each API root that has it. Where no readable root has it, the not-found (or
 * ambiguous-title) error of the first readable root is thrown: it lists what is there.
 */
function onlyCollection(
  wanted: string,
  roots: Array<{ url: string; error?: string; collections: CollectionInfo[] }>,
) {
  let firstError: unknown;
  let found = false;
  for (const root of roots) {
    if (root.error) continue;
    try {
      root.collections = [findCollection(wanted, root.collections, root.url)];
      found = true;
    } catch (error) {
      firstError ??= error;
      root.collections = [];
    }
  }
  if (!found && firstError !== undefined) throw firstError;
}
