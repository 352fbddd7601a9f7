#!/usr/bin/env node
// Generates a working taxiway connector package (with its conformance test) from templates/connector.
// Usage: pnpm create-connector NAME [--source] [--dir DIR] [--workspace]
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const TEMPLATE = fileURLToPath(new URL("../templates/connector/", import.meta.url));
const SOURCE_TEMPLATE = fileURLToPath(new URL("../templates/source/", import.meta.url));
const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function usage(message) {
  if (message) console.error(`create-connector: ${message}`);
  console.error("usage: pnpm create-connector NAME [--source] [--dir DIR] [--workspace]");
  console.error("  --source     a source (producer of STIX pages) instead of a sink");
  console.error("  NAME         the sink type, lowercase with dashes (e.g. webhook, misp-push)");
  console.error("  --dir DIR    where to create the package (default ./taxiway-connector-NAME)");
  console.error("  --workspace  depend on @taxiway/* with workspace:* (inside the taxiway repository)");
  process.exit(2);
}

function parseArgs(argv) {
  const options = { name: undefined, dir: undefined, workspace: false, source: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--dir") options.dir = argv[++i] ?? usage("--dir needs a value");
    else if (arg === "--workspace") options.workspace = true;
    else if (arg === "--source") options.source = true;
    else if (arg === "--help" || arg === "-h") usage();
    else if (arg.startsWith("-")) usage(`unknown option ${arg}`);
    else if (options.name === undefined) options.name = arg;
    else usage(`unexpected argument ${arg}`);
  }
  if (!options.name) usage("NAME is required");
  if (!NAME.test(options.name))
    usage(`"${options.name}" is not a valid name: lowercase letters, digits and single dashes`);
  return options;
}

const pascal = (name) => name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase());

function substitute(text, name) {
  return text
    .replaceAll("example-source", name)
    .replaceAll("ExampleSource", `${pascal(name)}Source`)
    .replaceAll("example-sink", name)
    .replaceAll("ExampleSink", `${pascal(name)}Sink`)
    .replaceAll("EXAMPLE_SINK", name.toUpperCase().replaceAll("-", "_"));
}

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else yield path;
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: pnpm sets INIT_CWD to where the user ran the command
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const template = options.source ? SOURCE_TEMPLATE : TEMPLATE;
  const target = resolve(
    cwd,
    options.dir ?? `taxiway-${options.source ? "source" : "connector"}-${options.name}`,
  );
  const existing = await readdir(target).catch(() => []);
  if (existing.length > 0) {
    console.error(`create-connector: ${target} exists and is not empty; choose another --dir`);
    process.exit(1);
  }
  const written = [];
  for await (const source of walk(template)) {
    const rel = substitute(relative(template, source), options.name);
    let text = substitute(await readFile(source, "utf8"), options.name);
    if (rel === "package.json" && options.workspace) {
      const pkg = JSON.parse(text);
      pkg.private = true;
      pkg.dependencies["@taxiway/core"] = "workspace:*";
      pkg.devDependencies["@taxiway/testkit"] = "workspace:*";
      text = `${JSON.stringify(pkg, null, 2)}\n`;
    }
    const destination = join(target, rel);
    await mkdir(dirname(destination), { recursive: true });
    await writeFile(destination, text, { flag: "wx", mode: (await stat(source)).mode });
    written.push(rel);
  }
  console.log(
    `created ${target} (${written.length} files): ${options.source ? "source" : "connector"} type "${options.name}"`,
  );
  console.log("next: pnpm install, then pnpm test in that folder; see docs/writing-a-connector.md");
}

await main();
