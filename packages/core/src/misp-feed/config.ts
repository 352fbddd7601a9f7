import { type HttpSourceSettings, httpSourceProperties } from "../source/http-schema.js";

/** `source: { type: misp-feed, url }` after interpolation. */
export interface MispFeedSourceConfig extends HttpSourceSettings {
  type: "misp-feed";
  /** The feed's base URL: `manifest.json` and `<uuid>.json` are read from here. */
  url: string;
  /** STIX objects (one per mapped attribute) per page (default 1000). */
  page_size?: number;
}

/** JSON Schema of `source: { type: misp-feed }` (without `type`). */
export const mispFeedSourceSchema = {
  type: "object",
  description: "A MISP feed (manifest.json plus one <uuid>.json per event).",
  additionalProperties: false,
  required: ["url"],
  properties: {
    url: {
      type: "string",
      pattern: "^https?://",
      description: "The feed's base URL (where manifest.json is).",
    },
    page_size: {
      type: "integer",
      minimum: 1,
      maximum: 100000,
      default: 1000,
      description: "Indicators (mapped attributes) per page.",
    },
    ...httpSourceProperties,
  },
} as const;
