// The naive floor of an end-to-end run (issue 24): fetch each page of a TAXII 2.1 collection, JSON.parse it, one
// regex on each pattern, one write per page, one fsync at the end. No checkpoint, no dead-letter, no validation.
//   node floor.mjs DISCOVERY_URL COLLECTION OUT.csv
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

const [discovery, collection, out] = process.argv.slice(2);
const objectsUrl = new URL(`../api1/collections/${collection}/objects/`, discovery);
const comparison = /\[([\w-]+):[^=]*=\s*'([^']*)'/;
const fd = openSync(out, "w");
let next;
do {
  const query = `?limit=1000${next ? `&next=${encodeURIComponent(next)}` : ""}`;
  const response = await fetch(`${objectsUrl}${query}`, {
    headers: { accept: "application/taxii+json;version=2.1" },
  });
  const envelope = JSON.parse(await response.text());
  let rows = "";
  for (const object of envelope.objects ?? []) {
    const match = comparison.exec(object.pattern ?? "");
    if (match) rows += `${match[1]},${match[2]},${object.id}\n`;
  }
  writeSync(fd, rows);
  next = envelope.more ? envelope.next : undefined;
} while (next);
fsyncSync(fd);
closeSync(fd);
