import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { type CollectionCursor, ConfigError, defineSource, type Page, type StixObject } from "@taxiway/core";

/** `source: { type: example-source, path, page_size }`. */
export interface ExampleSourceConfig {
  type: string;
  /** NDJSON file, one STIX object per line, relative to the job file. */
  path: string;
  page_size?: number;
}

/** The committed cursor: how many lines were delivered. Kept by the runner as the stream's opaque `state`. */
function linesDone(cursor: CollectionCursor): number {
  const line = (cursor.state as { line?: unknown } | undefined)?.line;
  return typeof line === "number" && line >= 0 ? line : 0;
}

/** Reads the file from the committed line on, `pageSize` objects a page, each page with the cursor to commit. */
async function* pagesOf(
  path: string,
  key: string,
  pageSize: number,
  start: CollectionCursor,
): AsyncGenerator<Page> {
  const skip = linesDone(start);
  let line = 0;
  let sequence = 0;
  let held: StixObject[] = [];
  const page = (more: boolean): Page => {
    const objects = held;
    held = [];
    return { collection: key, objects, cursor: { state: { line } }, sequence: ++sequence, more, bytes: 0 };
  };
  for await (const text of createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    line++;
    if (line <= skip || text.trim() === "") continue;
    try {
      held.push(JSON.parse(text) as StixObject);
    } catch {
      throw new ConfigError(`${path}:${line}: not a JSON object`, { code: "EXAMPLE_SOURCE_BAD_LINE" });
    }
    if (held.length >= pageSize) yield page(true);
  }
  if (held.length > 0) yield page(false);
}

export const source = defineSource<ExampleSourceConfig>({
  type: "example-source",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema: {
    type: "object",
    additionalProperties: false,
    required: ["path"],
    properties: {
      path: {
        type: "string",
        minLength: 1,
        description: "NDJSON file of STIX objects, relative to the job file.",
      },
      page_size: { type: "integer", minimum: 1, default: 1000, description: "Objects per page." },
    },
  },
  describe: (config) => `source ${config.path}`,
  async open(config, context) {
    const path = resolve(context.baseDir, config.path);
    const pageSize = config.page_size ?? 1000;
    return {
      sources: [{ collection: config.path, pages: (start) => pagesOf(path, config.path, pageSize, start) }],
      close: async () => {},
    };
  },
});

export default source;
