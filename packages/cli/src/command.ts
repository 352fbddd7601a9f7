/** Where a command writes. Tests pass buffers; the binary passes the process streams. */
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Command {
  name: string;
  /** One line for `taxiway --help`. */
  summary: string;
  /** Full usage text for `taxiway help NAME` / `taxiway NAME --help`. */
  usage: string;
  /** Resolves with the process exit code. */
  run(argv: string[], io: CommandIo): Promise<number>;
}
