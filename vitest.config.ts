import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(path, import.meta.url));

// Tests import workspace packages from their sources, so a change in core is seen without a rebuild.
// End-to-end tests run the built `taxiway` binary instead (`pnpm test` builds first).
export default defineConfig({
  resolve: {
    alias: [
      { find: /^@taxiway\/core$/, replacement: src("./packages/core/src/index.ts") },
      { find: /^@taxiway\/core\/config$/, replacement: src("./packages/core/src/entries/config.ts") },
      { find: /^@taxiway\/core\/extract$/, replacement: src("./packages/core/src/entries/extract.ts") },
      {
        find: /^@taxiway\/core\/schema-compiler$/,
        replacement: src("./packages/core/src/config/schema-compiler.ts"),
      },
      {
        find: /^@taxiway\/core\/validator-runtime$/,
        replacement: src("./packages/core/src/config/validator-runtime.ts"),
      },
      { find: /^@taxiway\/testkit$/, replacement: src("./packages/testkit/src/index.ts") },
      { find: /^@taxiway\/testkit\/fixtures$/, replacement: src("./packages/testkit/src/fixtures.ts") },
      { find: /^@taxiway\/connector-csv$/, replacement: src("./connectors/csv/src/index.ts") },
      {
        find: /^@taxiway\/connector-elasticsearch$/,
        replacement: src("./connectors/elasticsearch/src/index.ts"),
      },
      { find: /^@taxiway\/connector-kafka$/, replacement: src("./connectors/kafka/src/index.ts") },
      { find: /^@taxiway\/connector-sentinel$/, replacement: src("./connectors/sentinel/src/index.ts") },
      {
        find: /^@taxiway\/connector-opensearch$/,
        replacement: src("./connectors/opensearch/src/index.ts"),
      },
      {
        find: /^@taxiway\/connector-splunk-hec\/es-intel$/,
        replacement: src("./connectors/splunk-hec/src/es-intel/index.ts"),
      },
      {
        find: /^@taxiway\/connector-splunk-hec$/,
        replacement: src("./connectors/splunk-hec/src/index.ts"),
      },
    ],
  },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "connectors/*/test/**/*.test.ts",
      "examples/*/test/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
