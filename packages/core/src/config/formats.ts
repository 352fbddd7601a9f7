import { CRON_FORMAT, cronProblem } from "./schedule.js";
import { DURATION_FORMAT, parseDuration, parseSize, SIZE_FORMAT } from "./units.js";

/** A string `format` checked by a function: the shape ajv's `addFormat` takes and its generated code calls. */
export interface StringFormat {
  type: "string";
  validate: (text: string) => boolean;
}

/**
 * taxiway's own formats: durations, sizes and cron expressions are checked by the same parsers that read them at run
 * time, so one place decides. Used by the runtime-compiled validator (configAjv) and by the precompiled ones alike.
 */
export const TAXIWAY_FORMATS: Readonly<Record<string, StringFormat>> = {
  [DURATION_FORMAT]: { type: "string", validate: (text) => parseDuration(text) !== undefined },
  [SIZE_FORMAT]: { type: "string", validate: (text) => parseSize(text) !== undefined },
  [CRON_FORMAT]: { type: "string", validate: (text) => cronProblem(text) === undefined },
};
