import { fileURLToPath } from "node:url";

/** The committed demo feed (a STIX 2.1 bundle) and the counts a correct extractor yields from it. */
export const DEMO_FEED_PATH = fileURLToPath(new URL("../../fixtures/demo-feed.json", import.meta.url));
export const DEMO_FEED_EXPECTED_PATH = fileURLToPath(
  new URL("../../fixtures/demo-feed.expected.json", import.meta.url),
);

export interface DemoFeedExpectation {
  objects: number;
  indicators: number;
  iocs: number;
  byType: Record<string, number>;
  upserts: number;
  deletes: number;
  expired: number;
  nonAtomic: number;
  rules: number;
  deadLetter: number;
}
export { generatedIndicators } from "./generated.js";
