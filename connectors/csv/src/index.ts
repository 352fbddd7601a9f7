import { defineConnector } from "@taxiway/core";
import { type CsvConfig, configSchema, resolveConfig } from "./config.js";
import { CsvSink } from "./csv-sink.js";
import { CsvSnapshotSink } from "./snapshot-sink.js";

export { COLUMN_NAMES, type CsvConfig, configSchema, DEFAULT_COLUMNS, resolveConfig } from "./config.js";
export { CsvSink } from "./csv-sink.js";
export { renderCell } from "./row.js";
export { CsvSnapshotSink } from "./snapshot-sink.js";
export type { CsvFileState, CsvSinkState } from "./state.js";

export const connector = defineConnector<CsvConfig>({
  type: "csv",
  version: "0.1.0",
  coreVersion: "^0.1.0",
  configSchema,
  create: (config, context) => {
    const resolved = resolveConfig(config);
    return resolved.mode === "snapshot"
      ? new CsvSnapshotSink(resolved, context)
      : new CsvSink(resolved, context);
  },
  appendsOnReplay: (config) => (config.mode ?? "append") === "append",
  // Snapshot files drop expired rows; an append file gets delete rows, when it writes deletions at all.
  sweep: (config) => config.mode === "snapshot" || (config.write_deletes ?? true),
});

export default connector;
