#!/usr/bin/env node
// Runs the fixture server by hand: node dist/taxii-server/serve.js [--port 9400] [--feed bundle.json] [--collection id]
import { parseArgs } from "node:util";
import { DEMO_FEED_PATH } from "../feed/index.js";
import { readBundleFile } from "./bundle-file.js";
import { startTaxiiServer } from "./server.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "9400" },
    feed: { type: "string", default: DEMO_FEED_PATH },
    collection: { type: "string", default: "demo" },
  },
});
const objects = await readBundleFile(values.feed);
const server = await startTaxiiServer({
  port: Number(values.port),
  collections: [{ id: values.collection, title: "Demo feed", alias: values.collection, objects }],
});
console.log(
  `fixture TAXII server: ${server.url} (collection ${values.collection}, ${objects.length} objects)`,
);
process.on("SIGINT", () => void server.close().then(() => process.exit(0)));
