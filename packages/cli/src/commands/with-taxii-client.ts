import { createTaxiiClient, type TaxiiClient } from "@taxiway/core";
import type { CommandIo } from "../command.js";
import { errorMessage, exitCodeFor } from "../output/exit-code-for.js";
import { type SourceTarget, sourceTarget } from "./source-target.js";

/**
 * The shared frame of the probing commands: resolve the target (URL + flags, or a job file), open a TAXII client,
 * run `body`, map errors to exit codes with the command's name, and close the client.
 */
export async function withTaxiiClient(
  name: string,
  usage: string,
  argv: string[],
  io: CommandIo,
  body: (client: TaxiiClient, target: SourceTarget) => Promise<number>,
): Promise<number> {
  let target: SourceTarget;
  try {
    target = await sourceTarget(argv, io);
  } catch (error) {
    io.stderr.write(`taxiway ${name}: ${errorMessage(error)}\n${usage}`);
    return exitCodeFor(error);
  }
  const { client, http } = createTaxiiClient(target.source, { logger: target.logger });
  try {
    return await body(client, target);
  } catch (error) {
    io.stderr.write(`taxiway ${name}: ${errorMessage(error)}\n`);
    return exitCodeFor(error);
  } finally {
    await http.close();
  }
}
