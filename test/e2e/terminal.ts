import { BIN, runProcess } from "./binary.js";

export interface TerminalRun {
  code: number | null;
  /** Everything the terminal received (stdout and stderr interleaved, with \r\n line ends and escape codes). */
  screen: string;
}

function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs the built `taxiway` binary in a pseudo-terminal, as a person at a terminal does: util-linux `script`
 * allocates the PTY, so the CLI sees isTTY on stdin, stdout and stderr. Resolves with the exit code (`script -e`
 * passes it through) and the raw screen output.
 */
export async function inTerminal(
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<TerminalRun> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(" ");
  // The PTY merges the program's stdout and stderr into script's stdout, in the order a person sees them.
  const finished = await runProcess("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
    cwd: options.cwd,
    env: { TERM: "xterm-256color", ...options.env },
  });
  return { code: finished.code, screen: finished.stdout + finished.stderr };
}

const COLOR = /\x1b\[[0-9;]*m/g;

/** The screen without colour codes. */
export function plain(screen: string): string {
  return screen.replace(COLOR, "");
}

/** True when the screen holds SGR colour codes. */
export function hasColor(screen: string): boolean {
  return screen.replace(COLOR, "") !== screen;
}
