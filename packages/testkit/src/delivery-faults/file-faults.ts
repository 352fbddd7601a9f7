import { type FileHandle, open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { errnoError } from "./fault-plan.js";
import type { IoInjector } from "./faulty-sink.js";

type Armed = "ENOSPC" | "EIO" | "timeout" | "partial";

/**
 * Fault injection for file sinks: while installed, an armed fault strikes the next `FileHandle.write` or `sync` in
 * this process: ENOSPC, EIO or ETIMEDOUT (`timeout`: a hung volume given up on) before any byte is written, or
 * `partial` (half the bytes are written, then ENOSPC).
 * Only the sink under test may write files through handles while a fault is armed (the delivery-fault suite keeps
 * its checkpoint in memory and feeds nothing to the dead-letter file).
 */
export class FileFaults {
  #armed: Armed | undefined;
  #struck = 0;

  private constructor(private readonly restore: () => void) {}

  static async install(): Promise<FileFaults> {
    const probe = await open(join(tmpdir(), `taxiway-file-faults-${process.pid}`), "w");
    const proto = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const originalWrite = proto.write;
    const originalSync = proto.sync;
    const faults = new FileFaults(() => {
      proto.write = originalWrite;
      proto.sync = originalSync;
    });
    proto.write = async function (this: FileHandle, ...args: unknown[]) {
      const armed = faults.#take();
      if (armed === "partial" && Buffer.isBuffer(args[0])) {
        const [buffer, offset = 0, length = buffer.length - (offset as number), position] = args as [
          Buffer,
          number?,
          number?,
          number?,
        ];
        await (originalWrite as (...a: unknown[]) => Promise<unknown>).call(
          this,
          buffer,
          offset,
          Math.floor(length / 2),
          position,
        );
        throw errnoError("ENOSPC");
      }
      if (armed) throw errnoError(armed === "partial" ? "ENOSPC" : armed === "timeout" ? "ETIMEDOUT" : armed);
      return (originalWrite as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } as FileHandle["write"];
    proto.sync = async function (this: FileHandle) {
      const armed = faults.#take();
      if (armed)
        throw errnoError(armed === "ENOSPC" ? "ENOSPC" : armed === "timeout" ? "ETIMEDOUT" : "EIO", "fsync");
      return originalSync.call(this);
    };
    return faults;
  }

  /** The injector to hand the delivery-fault suite. */
  readonly inject: IoInjector = (kind) => {
    this.#armed = kind;
  };

  /** Disarms a fault that has not struck yet. */
  disarm(): void {
    this.#armed = undefined;
  }

  /** How many injected faults struck. */
  get struck(): number {
    return this.#struck;
  }

  uninstall(): void {
    this.#armed = undefined;
    this.restore();
  }

  #take(): Armed | undefined {
    const armed = this.#armed;
    if (armed) {
      this.#armed = undefined;
      this.#struck++;
    }
    return armed;
  }
}
