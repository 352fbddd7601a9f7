#!/usr/bin/env -S node --max-semi-space-size=16
// A 16 MiB semi-space: V8's default young generation grows to ~100 MiB under a page pipeline, tripling peak RSS
// for no speed (pnpm bench -- end-to-end); memory stays bounded by the pages in flight.
// Checks the Node version before loading anything that needs a current one (undici 8 needs Node 22.19+).
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `taxiway: NODE_TOO_OLD: taxiway needs Node.js 22.19 or newer; this is ${process.versions.node}. In the repository, ./pnpmw runs it on a Node it fetches into a cache (or: source scripts/ensure-node.sh); elsewhere install Node 22.19 or newer.\n`,
  );
  process.exit(1);
}

// Every secret the process learns (job secrets, a JWT obtained at login) is masked on stdout and stderr, whatever
// writes there: a command's error line, a crash handler.
// (The masking module alone: `taxiway --version` must not load the rest of core.)
(await import("@taxiway/core/secrets")).maskProcessOutput();

// A reader that went away (`taxiway extract … | head`) ends the output, quietly: that is not a failure.
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });

const debug = process.argv.some((arg, i, all) => /^(debug|trace)$/.test(arg) && all[i - 1] === "--log-level");
// The last line of defence: an error nothing else caught still ends as one line and exit 1. Lock files are removed
// by the checkpoint store's exit hook.
const lastResort = (error: unknown) => {
  const text = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `taxiway: INTERNAL: ${text.split("\n")[0]} (an unexpected error: please report it; --log-level debug shows where)\n`,
  );
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
};
process.on("uncaughtException", lastResort);
process.on("unhandledRejection", lastResort);

const { main } = await import("./main.js");
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};
process.exitCode = await main(process.argv.slice(2), io).catch((error: unknown) => {
  lastResort(error);
  return 1;
});
