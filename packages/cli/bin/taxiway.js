#!/usr/bin/env -S node --max-semi-space-size=16
// The installed `taxiway` command (the V8 flag: see src/bin.ts). It exists before the build (pnpm links bins at install time, when dist/ may not
// exist yet), and loads the built CLI.
import { existsSync } from "node:fs";

const built = new URL("../dist/bin.js", import.meta.url);
if (!existsSync(built)) {
  process.stderr.write(
    "taxiway: NOT_BUILT: the CLI is not built yet; run ./pnpmw build (or pnpm build) in the repository\n",
  );
  process.exit(1);
}
await import(built.href);
