#!/usr/bin/env node
// Runs the fixture server by hand: node dist/taxii-server/serve.js [--port 9400] [--feed bundle.json] [--collection id]
import { parseArgs } from "node:util";
import { DEMO_FEED_PATH, generatedIndicators } from "../feed/index.js";
import { readBundleFile } from "./bundle-file.js";
import { startTaxiiServer } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9400" },
    feed: { type: "string", default: DEMO_FEED_PATH },
    collection: { type: "string", default: "demo" },
    generate: { type: "string" },
    "max-page-size": { type: "string", default: "1000" },
  },
});
const objects = values.generate
  ? generatedIndicators(Number(values.generate))
  : await readBundleFile(values.feed);
const server = await startTaxiiServer({
  port: Number(values.port),
  maxPageSize: Number(values["max-page-size"]),
  collections: [{ id: values.collection, title: "Demo feed", alias: values.collection, objects }],
});
console.log(
  `fixture TAXII server: ${server.url} (collection ${values.collection}, ${objects.length} objects)`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void server.close().then(() => process.exit(0)));
