import { createRequire } from "node:module";

const pkg = createRequire(import.meta.url)("../package.json") as { version: string };

/** The version of @taxiway/core, checked against connectors' `coreVersion` ranges. */
export const CORE_VERSION: string = pkg.version;
