import { createTaxiiClient, type TaxiiClient } from "@taxiway/core";
import type { CommandIo } from "../command.js";
import { reportFailure } from "../output/failure.js";
import { type SourceTarget, sourceTarget } from "./source-target.js";

/**
 * The shared frame of the probing commands: resolve the target (URL + flags, or a job file), open a TAXII client,
 * run `body`, end every failure with the one-line report and its exit code, and close the client.
 */
export async function withTaxiiClient(
  usage: string,
  argv: string[],
  io: CommandIo,
  body: (client: TaxiiClient, target: SourceTarget) => Promise<number>,
): Promise<number> {
  let target: SourceTarget;
  try {
    target = await sourceTarget(argv, io);
  } catch (error) {
    const code = reportFailure(io, error, { json: argv.includes("--json") });
    if (code === 64) io.stderr.write(`\n${usage}`);
    return code;
  }
  const { client, http } = createTaxiiClient(target.source, { logger: target.logger });
  try {
    return await body(client, target);
  } catch (error) {
    return reportFailure(io, error, { json: target.json, redact: target.redact });
  } finally {
    await http.close();
  }
}
