#!/usr/bin/env node
// Runs the fixture server by hand: node dist/taxii-server/serve.js [--port 9400] [--feed bundle.json] [--collection id]
// [--generate N] [--max-page-size N] (--help prints them).
import { parseArgs } from "node:util";
import { DEMO_FEED_PATH, generatedIndicators } from "../feed/index.js";
import { readBundleFile } from "./bundle-file.js";
import { startTaxiiServer } from "./server.js";

const USAGE = `usage: node packages/testkit/dist/taxii-server/serve.js [options]
  --port N             listen on 127.0.0.1:N (default 9400; 0 picks a free port)
  --feed FILE          serve the STIX bundle FILE (default: the demo feed)
  --generate N         serve N generated indicators instead (one date_added per second)
  --collection ID      the collection's id and alias (default demo)
  --max-page-size N    the server's page cap (default 1000)
`;

function options() {
  try {
    return parseArgs({
      options: {
        port: { type: "string", default: "9400" },
        feed: { type: "string", default: DEMO_FEED_PATH },
        collection: { type: "string", default: "demo" },
        generate: { type: "string" },
        "max-page-size": { type: "string", default: "1000" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`serve: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

const values = options();
if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
const objects = values.generate
  ? generatedIndicators(Number(values.generate))
  : await readBundleFile(values.feed);
const server = await startTaxiiServer({
  port: Number(values.port),
  maxPageSize: Number(values["max-page-size"]),
  collections: [{ id: values.collection, title: "Demo feed", alias: values.collection, objects }],
}).catch((error: NodeJS.ErrnoException) => {
  const why =
    error.code === "EADDRINUSE"
      ? `port ${values.port} is in use: pick another with --port N (0 picks a free one)`
      : error.message;
  process.stderr.write(`serve: ${why}\n`);
  process.exit(1);
});
console.log(
  `fixture TAXII server: ${server.url} (collection ${values.collection}, ${objects.length} objects)`,
);
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => void server.close().then(() => process.exit(0)));
