// Types of the module scripts/precompile.mjs generates into dist/checkpoint/ at build time (ajv standalone code).
import type { RawValidate } from "../config/readable-issues.js";

export declare const validate: RawValidate;
export declare const schemaKey: string;
export declare const schemaText: string;
