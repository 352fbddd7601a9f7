import type * as Yaml from "yaml";
import { commonJsExports } from "../modules/index.js";

/** What reading a job file takes from the `yaml` package: parse with positions, and walk the document. */
export type YamlParser = Pick<
  typeof Yaml,
  "LineCounter" | "parseDocument" | "isMap" | "isPair" | "isScalar" | "isSeq"
>;

/** The names of `YamlParser`, for the build step that bundles them (scripts/bundle-yaml.mjs). */
export const YAML_PARSER_EXPORTS: readonly (keyof YamlParser)[] = [
  "LineCounter",
  "parseDocument",
  "isMap",
  "isPair",
  "isScalar",
  "isSeq",
];

/**
 * The `yaml` package's parser, from the single module the build bundles from the package's own ES module build
 * (dist/config/generated-yaml.js): the package's Node entry is 72 CommonJS files, about 25 ms to load at each start,
 * the bundle about 4 ms. Running from the sources (tests), or if that module is missing, the package itself.
 */
export async function loadYamlParser(): Promise<YamlParser> {
  try {
    return await import("./generated-yaml.js");
  } catch {
    return commonJsExports<YamlParser>(await import("yaml"));
  }
}
