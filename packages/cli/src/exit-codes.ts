/** Process exit codes, documented in README.md ("Exit codes"). */
export const ExitCode = {
  ok: 0,
  failed: 1,
  config: 2,
  locked: 3,
  partial: 4,
  usage: 64,
} as const;
