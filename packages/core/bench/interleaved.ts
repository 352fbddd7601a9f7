// Timing for benches on a shared machine: the baseline and each measured body run back to back in every round, and
// a figure is the median of the per-round ratios, so a slow spell weighs on both sides of a ratio. Bodies are timed
// in CPU time of the main thread (getrusage RUSAGE_THREAD), not wall time: other processes on the machine stretch
// wall time but not the CPU a body uses, and these bodies are single-threaded JavaScript.

let consumed = 0;

const threadCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/** Milliseconds of main-thread CPU one call of `body` takes. Its result is kept, so the work cannot be optimised away. */
export function time(body: () => number): number {
  const start = threadCpuMs();
  consumed += body();
  return threadCpuMs() - start;
}

/** The sum of every timed body's result (print it once: the benches' guard against dead-code elimination). */
export function consumedTotal(): number {
  return consumed;
}

export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
}

/**
 * `rounds` rounds of the `baseline` body followed by every other body. Returns, per body, the ratios to the same
 * round's baseline, and the total milliseconds (the baseline's too).
 */
export function interleaved<K extends string>(
  bodies: Record<K, () => number>,
  baseline: K,
  rounds: number,
): { ratios: Map<K, number[]>; totals: Map<K, number> } {
  const ratios = new Map<K, number[]>();
  const totals = new Map<K, number>();
  for (let round = 0; round < rounds; round++) {
    const base = time(bodies[baseline]);
    totals.set(baseline, (totals.get(baseline) ?? 0) + base);
    for (const metric of Object.keys(bodies) as K[]) {
      if (metric === baseline) continue;
      const ms = time(bodies[metric]);
      totals.set(metric, (totals.get(metric) ?? 0) + ms);
      ratios.set(metric, [...(ratios.get(metric) ?? []), ms / base]);
    }
  }
  return { ratios, totals };
}
