import type { HttpSourceSettings } from "../source/http-settings.js";

/** `source: { type: stix-bundle, path | url }` after interpolation. */
export interface StixBundleSourceConfig extends HttpSourceSettings {
  type: "stix-bundle";
  /** A file, a glob (`./intel/*.json`) or several, relative to the job file. */
  path?: string | string[];
  /** An HTTP(S) URL of one bundle. */
  url?: string;
  /** Objects per page (default 1000). */
  page_size?: number;
}
