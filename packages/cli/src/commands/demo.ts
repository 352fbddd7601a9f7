import { existsSync } from "node:fs";
import { copyFile, rm } from "node:fs/promises";
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, ensureDirectory } from "@taxiway/core";
import { DEMO_FEED_PATH, readBundleFile, startTaxiiServer } from "@taxiway/testkit/fixtures";
import type { Command } from "../command.js";
import { ExitCode } from "../exit-codes.js";
import { serveDemoFeed } from "./demo-serve.js";
import { runCommand } from "./run.js";

/**
 * The demo job file: configs/demo.yaml of the working directory, else the repository's (in a checkout). In an
 * installed package (under node_modules) the bundled one is copied to ./taxiway-demo/configs/, so the demo's CSV and
 * checkpoint land beside the user, not inside the installation.
 */
async function demoConfigPath(cwd: string): Promise<string> {
  const local = resolve(cwd, "configs/demo.yaml");
  if (existsSync(local)) return local;
  // dist/commands/demo.js in the workspace; dist/taxiway.mjs in the standalone bundle (scripts/package.mjs).
  const shipped = ["../../../../configs/demo.yaml", "../../../configs/demo.yaml"]
    .map((relative) => fileURLToPath(new URL(relative, import.meta.url)))
    .find((path) => existsSync(path));
  if (!shipped)
    throw new ConfigError("the demo job file configs/demo.yaml is missing from this installation");
  if (!shipped.split(sep).includes("node_modules")) return shipped;
  const copy = resolve(cwd, "taxiway-demo/configs/demo.yaml");
  await ensureDirectory(dirname(copy));
  await copyFile(shipped, copy);
  return copy;
}

export const demoCommand: Command = {
  name: "demo",
  summary: "serve the bundled demo feed on loopback and run configs/demo.yaml against it",
  usage: `Usage: taxiway demo [--json] [--reset] [run options]
       taxiway demo --serve [--port 9400] [--token-env VAR]

Starts the fixture TAXII 2.1 server with the demo feed (a few hundred indicators) on a free loopback port,
runs configs/demo.yaml against it (CSV sink to out/demo.csv, checkpoint in state/demo.json) and prints the
run summary. A second run fetches nothing new: the checkpoint holds. --reset starts over: it removes the demo's
own out/demo.csv and dead-letter file along with the checkpoint, so the CSV again holds each IOC once.

--serve keeps the demo feed running on 127.0.0.1:PORT (default 9400) for jobs of your own, until Ctrl-C or
SIGTERM; --token-env VAR makes it require that bearer token.
`,
  async run(argv, io) {
    if (argv.includes("--serve")) return serveDemoFeed(argv, io);
    const objects = await readBundleFile(DEMO_FEED_PATH);
    const server = await startTaxiiServer({
      collections: [{ id: "demo", title: "taxiway demo feed", alias: "demo", objects }],
    });
    try {
      io.stderr.write(
        `demo: fixture TAXII 2.1 feed at ${server.url} (collection demo, ${objects.length} objects)\n`,
      );
      const config = await demoConfigPath(io.cwd);
      const csv = resolve(config, "../../out/demo.csv");
      if (argv.includes("--reset")) {
        // The demo owns these files; a real job's --reset never deletes output (it refuses, or needs --force).
        await rm(csv, { force: true });
        // The CSV sink's expiry ledger describes the rows of the file just removed.
        await rm(resolve(csv, "../.demo.demo-csv.taxiway-expiry.ndjson"), { force: true });
        await rm(resolve(config, "../../state/demo.dead-letter.ndjson"), { force: true });
        io.stderr.write(`demo: --reset: removed ${csv} and the demo's dead-letter file\n`);
      }
      const runArgs = argv.includes("--reset") && !argv.includes("--force") ? [...argv, "--force"] : argv;
      const code = await runCommand.run([config, ...runArgs], {
        ...io,
        env: { ...io.env, TAXIWAY_DEMO_URL: server.url },
      });
      if (code === ExitCode.ok) io.stderr.write(`demo: IOCs are in ${csv}\n`);
      return code;
    } finally {
      await server.close();
    }
  },
};
