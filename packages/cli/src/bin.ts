#!/usr/bin/env node
// Checks the Node version before loading anything that needs a current one (undici 8 needs Node 22.19+).
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `taxiway needs Node.js 22.19 or newer; this is ${process.versions.node}. Run 'source scripts/ensure-node.sh' in the repository, or install a current Node.\n`,
  );
  process.exit(1);
}

// Every secret the process learns (job secrets, a JWT obtained at login) is masked on stdout and stderr, whatever
// writes there: a command's error line, a crash handler.
(await import("@taxiway/core")).maskProcessOutput();
const { main } = await import("./main.js");
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
};
main(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `taxiway: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
