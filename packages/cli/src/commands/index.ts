import type { Command } from "../command.js";

/**
 * A command as `taxiway --help` lists it, loaded only when it runs: `taxiway --version` or `validate` then never
 * import what `run`, `demo` or `discover` need (the HTTP client, the fixture server, every connector).
 */
export interface CommandEntry {
  name: string;
  /** One line for `taxiway --help`; the loaded command's `summary` is the same text (a test checks). */
  summary: string;
  load(): Promise<Command>;
}

/** Every command `taxiway` knows, in the order `--help` lists them. Each lives in its own file. */
export const commands: CommandEntry[] = [
  {
    name: "run",
    summary: "run a job once (or keep polling with --watch)",
    load: async () => (await import("./run.js")).runCommand,
  },
  {
    name: "serve",
    summary: "run many jobs on their schedules in one process (SIGHUP reloads, /metrics per job)",
    load: async () => (await import("./serve.js")).serveCommand,
  },
  {
    name: "sweep",
    summary: "remove expired IOCs from a job's sinks without polling (--dry-run shows what)",
    load: async () => (await import("./sweep.js")).sweepCommand,
  },
  {
    name: "push",
    summary: "publish a STIX bundle file or URL to a TAXII 2.1 collection (POST …/objects/)",
    load: async () => (await import("./push.js")).pushCommand,
  },
  {
    name: "validate",
    summary: "check job files against the schema (every problem, with file:line:column)",
    load: async () => (await import("./validate.js")).validateCommand,
  },
  {
    name: "check",
    summary: "check the source (reachability, auth, collections) and every sink's connectivity",
    load: async () => (await import("./check.js")).checkCommand,
  },
  {
    name: "discover",
    summary: "list a TAXII server's API roots and collections (id, alias, title, access, media types)",
    load: async () => (await import("./discover.js")).discoverCommand,
  },
  {
    name: "doctor",
    summary: "probe a TAXII server and say which quirks it has and what the job's source: should say",
    load: async () => (await import("./doctor.js")).doctorCommand,
  },
  {
    name: "state",
    summary: "show, reset or move a job's checkpoint",
    load: async () => (await import("./state.js")).stateCommand,
  },
  {
    name: "extract",
    summary: "show the IOCs of a STIX pattern, of patterns on stdin, or of a bundle file",
    load: async () => (await import("./extract.js")).extractCommand,
  },
  {
    name: "schema",
    summary: "print the job-file JSON Schema (core + bundled connectors), for editors",
    load: async () => (await import("./schema.js")).schemaCommand,
  },
  {
    name: "demo",
    summary: "serve the bundled demo feed on loopback and run configs/demo.yaml against it",
    load: async () => (await import("./demo.js")).demoCommand,
  },
];
