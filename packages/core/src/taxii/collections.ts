import { ConfigError } from "../errors/index.js";
import type { CollectionInfo } from "./client.js";

/** Finds a collection by id, then alias, then title (case-insensitive); an ambiguous title is an error. */
export function findCollection(
  wanted: string,
  collections: readonly CollectionInfo[],
  apiRootUrl: string,
): CollectionInfo {
  const byId = collections.find((c) => c.id === wanted);
  if (byId) return byId;
  const byAlias = collections.find((c) => c.alias === wanted);
  if (byAlias) return byAlias;
  const lower = wanted.toLowerCase();
  const byTitle = collections.filter((c) => c.title?.toLowerCase() === lower);
  if (byTitle.length === 1) return byTitle[0] as CollectionInfo;
  const listed = collections
    .map((c) => `${c.id} (${c.title}${c.alias ? `, alias ${c.alias}` : ""})`)
    .join("; ");
  if (byTitle.length > 1)
    throw new ConfigError(
      `collection title '${wanted}' matches ${byTitle.length} collections at ${apiRootUrl}; use the id: ${listed}`,
      {
        code: "TAXII_COLLECTION_AMBIGUOUS",
      },
    );
  throw new ConfigError(
    `no collection '${wanted}' (id, alias or title) at ${apiRootUrl}. Available: ${listed || "none"}`,
    {
      code: "TAXII_COLLECTION_NOT_FOUND",
    },
  );
}
