import { taxiiSource } from "@taxiway/core";
import { runSourceConformance, startTaxiiServer, type TaxiiServer } from "@taxiway/testkit";
import { afterAll } from "vitest";
import { ipv4Indicators } from "../support/objects.js";

// The TAXII source, re-expressed as a SourceDescriptor, against the loopback fixture server: two collections, runs
// of objects sharing one date_added so page boundaries fall inside them.
const server: TaxiiServer = await startTaxiiServer({
  collections: [
    { id: "c1", title: "Indicators", alias: "iocs", objects: ipv4Indicators(37) },
    {
      id: "c2",
      title: "More",
      objects: ipv4Indicators(23, 500),
      dateAdded: (index) => new Date(Date.UTC(2026, 0, 1) + Math.floor(index / 4) * 1000).toISOString(),
    },
  ],
});
afterAll(() => server.close());

await runSourceConformance({
  name: "taxii (fixture server, two collections)",
  open: (context) =>
    taxiiSource.open(
      { type: "taxii", url: server.url, collections: ["iocs", "c2"], page_size: 5, retries: 1 },
      { ...context, baseDir: process.cwd() },
    ),
  pageSize: 5,
  minObjects: 60,
});
