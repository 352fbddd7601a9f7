import type { Command } from "../command.js";
import { checkCommand } from "./check.js";
import { demoCommand } from "./demo.js";
import { discoverCommand } from "./discover.js";
import { doctorCommand } from "./doctor.js";
import { extractCommand } from "./extract.js";
import { pushCommand } from "./push.js";
import { runCommand } from "./run.js";
import { schemaCommand } from "./schema.js";
import { serveCommand } from "./serve.js";
import { stateCommand } from "./state.js";
import { sweepCommand } from "./sweep.js";
import { validateCommand } from "./validate.js";

/** Every command `taxiway` knows, in the order `--help` lists them. Each lives in its own file. */
export const commands: Command[] = [
  runCommand,
  serveCommand,
  sweepCommand,
  pushCommand,
  validateCommand,
  checkCommand,
  discoverCommand,
  doctorCommand,
  stateCommand,
  extractCommand,
  schemaCommand,
  demoCommand,
];
