export { readBundleFile } from "./bundle-file.js";
export { STIX_21, TAXII_21 } from "./media-types.js";
export type {
  Fault,
  FixtureAuth,
  FixtureCollection,
  FixtureRequest,
  ServerQuirks,
  TaxiiServerOptions,
} from "./options.js";
export { startTaxiiServer, type TaxiiServer } from "./server.js";
export { defaultDateAdded } from "./timestamps.js";
