import type { SinkError } from "../errors/index.js";

/** What happened to one record of a batch. The runner retries `transient` ones and dead-letters `permanent` ones. */
export type RecordOutcome =
  | { status: "delivered" }
  | { status: "transient"; error: SinkError }
  | { status: "permanent"; error: SinkError };

/** One outcome per record of the batch, in the same order. */
export interface WriteResult {
  outcomes: RecordOutcome[];
}

const DELIVERED: RecordOutcome = Object.freeze({ status: "delivered" });

export function allDelivered(count: number): WriteResult {
  return { outcomes: new Array<RecordOutcome>(count).fill(DELIVERED) };
}

export function delivered(): RecordOutcome {
  return DELIVERED;
}
