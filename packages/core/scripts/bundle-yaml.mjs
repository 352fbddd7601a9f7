// Build step (after tsc): the part of the `yaml` package that reading a job file uses (src/config/yaml-parser.ts),
// bundled by esbuild from the package's own ES module build into one module, dist/config/generated-yaml.js, so that
// each start loads one file instead of the 72 CommonJS files of the package's Node entry.
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const dist = new URL("../dist/", import.meta.url);
const { YAML_PARSER_EXPORTS } = await import(new URL("config/yaml-parser.js", dist).href);

await build({
  stdin: {
    contents: `export { ${YAML_PARSER_EXPORTS.join(", ")} } from "yaml";`,
    resolveDir: fileURLToPath(new URL("..", import.meta.url)),
    sourcefile: "yaml-parser-entry.js",
  },
  outfile: fileURLToPath(new URL("config/generated-yaml.js", dist)),
  bundle: true,
  format: "esm",
  // Neutral: the package's `default` export condition, its ES module build, not the CommonJS `node` one.
  platform: "neutral",
  target: "node22",
  logLevel: "warning",
  banner: { js: "// Generated at build time by scripts/bundle-yaml.mjs from the yaml package: do not edit." },
});
