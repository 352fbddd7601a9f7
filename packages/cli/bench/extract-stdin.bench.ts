// `taxiway extract --stdin` (streaming: a JSON line per pattern line) against the floor of any such tool: read a
// line, write a JSON line (readline + JSON.stringify, nothing else). 200k generated patterns through a pipe to
// /dev/null, each a child process, interleaved rounds, medians. Target (issue 24): within 1.5× of the floor.
import { spawn } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { median } from "./child-run.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const BIN = join(ROOT, "packages/cli/dist/bin.js");
const LINES = Number(process.env.TAXIWAY_EXTRACT_LINES ?? 200_000);
const ROUNDS = process.env.TAXIWAY_BENCH_QUICK === "1" ? 3 : 7;
const FLOOR = `const rl = require("node:readline").createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => process.stdout.write(JSON.stringify({ pattern: line }) + "\\n"));`;

const dir = await mkdtemp(join(tmpdir(), "taxiway-extract-bench-"));
const input = join(dir, "patterns.txt");
const shapes = [
  (i: number) => `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`,
  (i: number) => `[domain-name:value = 'host${i}.example.com']`,
  (i: number) => `[url:value = 'https://host${i}.example.net/path/${i}']`,
  (i: number) => `[file:hashes.'SHA-256' = '${i.toString(16).padStart(64, "0")}']`,
];
await writeFile(
  input,
  Array.from({ length: LINES }, (_, i) => (shapes[i % 4] as (i: number) => string)(i)).join("\n") + "\n",
);

function timed(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
    createReadStream(input).pipe(child.stdin);
    child.stdout.pipe(createWriteStream("/dev/null"));
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve(performance.now() - started) : reject(new Error(`exit ${code}`)),
    );
  });
}

const taxiway: number[] = [];
const floor: number[] = [];
const ratios: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which goes first, so a slow spell on the shared machine hits both alike.
  let mine: number;
  let base: number;
  if (round % 2 === 0) {
    mine = await timed([BIN, "extract", "--stdin"]);
    base = await timed(["-e", FLOOR]);
  } else {
    base = await timed(["-e", FLOOR]);
    mine = await timed([BIN, "extract", "--stdin"]);
  }
  const pair = [mine, base];
  taxiway.push(pair[0] as number);
  floor.push(pair[1] as number);
  ratios.push((pair[0] as number) / (pair[1] as number));
}
await rm(dir, { recursive: true, force: true });
console.log(
  `BENCH ${JSON.stringify({
    bench: "extract --stdin",
    metric: `${LINES.toLocaleString("en-US")} patterns through a pipe`,
    value: Math.round(LINES / (median(taxiway) / 1000)),
    unit: "patterns/s",
    baseline: Math.round(LINES / (median(floor) / 1000)),
    ratio: Number(median(ratios).toFixed(2)),
    note: `taxiway wall / read-line-write-JSON-line floor wall (medians ${Math.round(median(taxiway))} ms vs ${Math.round(median(floor))} ms, ${ROUNDS} rounds, start-up included); target ≤ 1.5`,
  })}`,
);
