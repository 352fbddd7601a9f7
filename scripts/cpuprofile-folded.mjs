// Turns a V8 `.cpuprofile` (node --cpu-prof) into folded stacks ("a;b;c <µs>" per line), the input of
// flame-graph renderers such as inferno-flamegraph or FlameGraph's flamegraph.pl:
//   node --cpu-prof --cpu-prof-dir=prof packages/cli/dist/bin.js run job.yaml
//   node scripts/cpuprofile-folded.mjs prof/*.cpuprofile | inferno-flamegraph > flame.svg
// Frames are "function file:line" with the path cut to the package; (idle) samples are left out.
import { readFileSync } from "node:fs";

const [file] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node scripts/cpuprofile-folded.mjs PROFILE.cpuprofile\n");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8"));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parentOf = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

const frame = ({ callFrame: { functionName, url, lineNumber } }) => {
  const where = url.replace(/^.*\/(packages|connectors|node_modules)\//, "$1/").replace(/^file:\/\//, "");
  return `${functionName || "(anonymous)"}${where ? ` ${where}:${lineNumber + 1}` : ""}`.replaceAll(";", ",");
};
const selfMicros = new Map();
profile.samples.forEach((id, index) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
const folded = new Map();
for (const [id, micros] of selfMicros) {
  const stack = [];
  for (let at = id; at !== undefined; at = parentOf.get(at)) stack.push(frame(nodes.get(at)));
  stack.reverse();
  if (stack[0] === "(root)") stack.shift();
  if (stack[0] === "(idle)" || stack.length === 0) continue;
  const key = stack.join(";");
  folded.set(key, (folded.get(key) ?? 0) + micros);
}
for (const [stack, micros] of folded) if (micros > 0) process.stdout.write(`${stack} ${micros}\n`);
