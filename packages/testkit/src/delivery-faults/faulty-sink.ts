import type { CheckResult, IocRecord, Sink, WriteResult } from "@taxiway/core";
import { type DeliveryFault, errnoError, type FaultKind } from "./fault-plan.js";

/** Arms a fault inside the sink's own I/O (its next file write or fsync, its next request). */
export type IoInjector = (kind: FaultKind) => void;

/**
 * Wraps a sink and injects the planned faults at the write calls and flushes of each page. Pages are counted by
 * flushes; write calls within a page by order (retries count too), so `first`/`middle`/`last` are positions among
 * the `callsPerPage` calls the runner makes when nothing fails. Each fault fires once; `fired` lists those that did.
 */
export class FaultySink implements Sink {
  readonly type: string;
  readonly fired: DeliveryFault[] = [];
  #page = 0;
  #call = 0;

  constructor(
    private readonly inner: Sink,
    private readonly faults: DeliveryFault[],
    private readonly callsPerPage: (page: number) => number,
    private readonly injectIo?: IoInjector,
  ) {
    this.type = inner.type;
  }

  check(): Promise<CheckResult> {
    return this.inner.check();
  }

  open(): Promise<void> {
    return this.inner.open();
  }

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    const calls = Math.max(1, this.callsPerPage(this.#page));
    const position = this.#call++;
    const fault = this.#take((f) => {
      if (f.point === "first") return position === 0;
      if (f.point === "middle") return position === Math.floor((calls - 1) / 2);
      if (f.point === "last") return position === calls - 1;
      return false;
    });
    if (!fault) return this.inner.write(records);
    if (this.injectIo) {
      this.injectIo(fault.kind);
      return this.inner.write(records);
    }
    switch (fault.kind) {
      case "timeout": {
        await this.inner.write(records);
        throw errnoError("ETIMEDOUT");
      }
      case "partial":
        await this.inner.write(records.slice(0, Math.ceil(records.length / 2)));
        throw errnoError("ENOSPC");
      default:
        throw errnoError(fault.kind);
    }
  }

  async flush(): Promise<unknown> {
    const fault = this.#take((f) => f.point === "flush");
    if (fault) {
      if (fault.kind === "timeout" && !this.injectIo) {
        await this.inner.flush();
        throw errnoError("ETIMEDOUT", "fsync");
      }
      if (this.injectIo) this.injectIo(fault.kind);
      else if (fault.kind === "ENOSPC" || fault.kind === "EIO") throw errnoError(fault.kind, "fsync");
      else throw errnoError("EIO", "fsync");
    }
    const state = await this.inner.flush();
    this.#page++;
    this.#call = 0;
    return state;
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  #take(matches: (fault: DeliveryFault) => boolean): DeliveryFault | undefined {
    const index = this.faults.findIndex((f) => f.page === this.#page && matches(f));
    if (index < 0) return undefined;
    const [fault] = this.faults.splice(index, 1) as [DeliveryFault];
    this.fired.push(fault);
    return fault;
  }
}
