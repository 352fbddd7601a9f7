import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { findInstalledPeer } from "@taxiway/testkit/fixtures";

const VERSION = "2.1.2";
const BATCH = fileURLToPath(new URL("../patterns/oasis-validate-batch.py", import.meta.url));

/** The OASIS validator's verdict on one pattern; `crash` when the validator itself raised (RecursionError…). */
export interface OasisVerdict {
  valid: boolean;
  errors?: string[];
  crash?: string;
}

/**
 * Judges every pattern with the OASIS validator (stix2-patterns 2.1.2, installed by
 * test/peers/install.d/stix2-patterns.sh) as STIX 2.1, in one Python process for all of them: verdicts in input
 * order. Not installed: a skip reason (with CI=true, findInstalledPeer throws instead).
 */
export async function oasisVerdicts(patterns: readonly string[]): Promise<OasisVerdict[] | { skip: string }> {
  const dir = findInstalledPeer(`stix2-patterns-${VERSION}`, ".taxiway-installed");
  if (typeof dir !== "string") return dir;
  const child = spawn(join(dir, "bin/python"), [BATCH], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  child.stdin.end(`${patterns.map((pattern) => JSON.stringify(pattern)).join("\n")}\n`);
  const code = await exited;
  if (code !== 0) throw new Error(`the OASIS validator batch exited ${code}: ${stderr.slice(0, 2000)}`);
  const verdicts = stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as OasisVerdict);
  if (verdicts.length !== patterns.length)
    throw new Error(`the OASIS validator judged ${verdicts.length} of ${patterns.length} patterns`);
  return verdicts;
}
