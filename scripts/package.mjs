// Builds the standalone taxiway package: the CLI and every bundled connector in one ES module (esbuild), the demo
// assets beside it, and `npm pack` of that folder → build/taxiway-VERSION.tgz. Install it anywhere with
//   npm install -g ./build/taxiway-VERSION.tgz     (Node >= 22.19; no other dependency)
// The folder keeps the repository's relative layout (packages/cli/dist/ → configs/, packages/fixtures/), so the demo
// finds its feed and job file exactly as in a checkout.
import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
// `--out DIR`: another folder for build/ (a test builds its own, beside the image test's).
const outFlag = process.argv.indexOf("--out");
const out = outFlag > 0 ? process.argv[outFlag + 1] : join(repo, "build");
const stage = join(out, "package");
const cli = JSON.parse(await readFile(join(repo, "packages/cli/package.json"), "utf8"));

await rm(stage, { recursive: true, force: true });
await mkdir(join(stage, "packages/cli/dist"), { recursive: true });
await build({
  entryPoints: {
    taxiway: join(repo, "packages/cli/dist/bin.js"),
    // The source worker's script, loaded by URL beside the chunk that starts it (core/src/source-worker).
    "taxiway-source-worker": join(repo, "packages/core/dist/source-worker/worker-entry.js"),
  },
  // Split at the CLI's lazy imports (commands, connectors): `taxiway --version` then reads a few KiB, not the
  // whole bundle, and a CSV job never compiles the Elasticsearch client.
  outdir: join(stage, "packages/cli/dist"),
  entryNames: "[name]",
  // Chunks sit beside the entry: core and cli read their version from ../package.json relative to their module.
  chunkNames: "taxiway-[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  splitting: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node22",
  legalComments: "linked",
  logLevel: "warning",
  // Bundled CommonJS dependencies call require(); give the ES module one.
  banner: {
    js: "import { createRequire as __taxiwayRequire } from 'node:module'; const require = __taxiwayRequire(import.meta.url);",
  },
});
// The Kafka client's CRC32C/compression WebAssembly is read at run time from ../dist/native.wasm beside the module
// that imports it: in the bundle that module is taxiway.mjs, so the file goes beside it.
const kafkaClient = createRequire(join(repo, "connectors/kafka/package.json")).resolve("@platformatic/kafka");
const wasmUtils = createRequire(kafkaClient).resolve("@platformatic/wasm-utils");
await cp(join(dirname(wasmUtils), "native.wasm"), join(stage, "packages/cli/dist/native.wasm"));
// core and cli read their version from ../package.json beside dist/ at run time; both are the workspace version.
await writeFile(
  join(stage, "packages/cli/package.json"),
  `${JSON.stringify({ name: "@taxiway/cli", version: cli.version, private: true, type: "module" })}\n`,
);
await cp(join(repo, "configs/demo.yaml"), join(stage, "configs/demo.yaml"));
await cp(
  join(repo, "packages/testkit/fixtures/demo-feed.json"),
  join(stage, "packages/fixtures/demo-feed.json"),
);
await cp(join(repo, "README.md"), join(stage, "README.md"));
await writeFile(
  join(stage, "package.json"),
  `${JSON.stringify(
    {
      name: "taxiway",
      version: cli.version,
      description:
        "taxiway moves threat intelligence from TAXII 2.x feeds into the SIEMs a SOC already runs.",
      license: cli.license,
      type: "module",
      engines: { node: ">=22.19" },
      bin: { taxiway: "packages/cli/dist/taxiway.mjs" },
      files: ["packages", "configs", "README.md"],
    },
    null,
    2,
  )}\n`,
);
const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", out], {
  cwd: stage,
  encoding: "utf8",
})
  .trim()
  .split("\n")
  .at(-1);
console.log(join(out, tarball));
