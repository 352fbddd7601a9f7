import { CORE_VERSION } from "@taxiway/core/version";
import type { Command, CommandIo } from "./command.js";
import { type CommandEntry, commands } from "./commands/index.js";
import { ExitCode } from "./exit-codes.js";
import { CLI_VERSION } from "./version.js";

/** A command, or an entry that loads it when it runs (commands/index.ts). */
type Listed = Command | CommandEntry;

const loaded = (entry: Listed): Promise<Command> => ("load" in entry ? entry.load() : Promise.resolve(entry));

function helpText(list: readonly Listed[]): string {
  const width = Math.max(...list.map((c) => c.name.length), 8);
  const lines = list.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    "taxiway — move threat intelligence from TAXII 2.x feeds into your SIEM",
    "",
    "Usage: taxiway <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Options:",
    "  -h, --help     show help (also: taxiway <command> --help)",
    "  -V, --version  print the version",
    "",
  ].join("\n");
}

export async function main(
  argv: string[],
  io: CommandIo,
  list: readonly Listed[] = commands,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === "-h" || first === "--help" || first === "help") {
    const entry = first === "help" ? list.find((c) => c.name === rest[0]) : undefined;
    const named = entry ? await loaded(entry) : undefined;
    io.stdout.write(named ? `${named.usage.trimEnd()}\n` : helpText(list));
    return ExitCode.ok;
  }
  if (first === "-V" || first === "--version" || first === "version") {
    io.stdout.write(`taxiway ${CLI_VERSION} (core ${CORE_VERSION}, node ${process.versions.node})\n`);
    return ExitCode.ok;
  }
  const entry = list.find((c) => c.name === first);
  if (!entry) {
    const { closestName } = await import("@taxiway/core/config");
    const near = closestName(
      first,
      list.map((c) => c.name),
    );
    const hint = near ? ` Did you mean '${near}'?` : "";
    io.stderr.write(
      `taxiway: USAGE: unknown command '${first}'.${hint} Run 'taxiway --help' for the list.\n`,
    );
    return ExitCode.usage;
  }
  const command = await loaded(entry);
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage.trimEnd()}\n`);
    return ExitCode.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    const { reportFailure } = await import("./output/failure.js");
    return reportFailure(io, error, {
      json: rest.includes("--json"),
      debug: /--log-level[= ](debug|trace)/.test(rest.join(" ")),
    });
  }
}
