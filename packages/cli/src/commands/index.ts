import type { Command } from "../command.js";

/** Every command `taxiway` knows, in the order `--help` lists them. Each lives in its own file. */
export const commands: Command[] = [];
