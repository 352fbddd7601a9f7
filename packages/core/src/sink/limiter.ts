import pLimit, { type LimitFunction } from "p-limit";

/**
 * Lets at most `limit` tasks run at once; the others wait in call order (p-limit). `new Limiter(1)` runs operations
 * one at a time, as file offsets and merges need. Kept as a class so connectors written against the SDK keep working.
 */
export class Limiter {
  readonly #limit: LimitFunction;

  constructor(limit: number) {
    this.#limit = pLimit(limit);
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    return this.#limit(task);
  }
}
