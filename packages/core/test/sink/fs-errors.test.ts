import { createLogger, deliver, fileSystemError, type IocRecord, type Sink } from "@taxiway/core";
import { describe, expect, it } from "vitest";

const errno = (code: string) => Object.assign(new Error(`${code}: failed, write`), { code });

/** A sink whose every write throws what the file system said, through the helper file sinks use. */
function failingSink(code: string): Sink & { calls: number } {
  const sink = {
    type: "failing",
    calls: 0,
    check: async () => ({ ok: true, message: "" }),
    open: async () => {},
    write: async () => {
      sink.calls++;
      throw fileSystemError("test: write failed", errno(code));
    },
    flush: async () => undefined,
    close: async () => {},
  };
  return sink;
}

const record = { key: "k", type: "ipv4", value: "10.0.0.1" } as IocRecord;

describe("file-system errors: permanent ones fail at once, transient ones are retried", () => {
  for (const code of ["EROFS", "ENOTDIR", "EACCES", "ELOOP"])
    it(`${code} is not retried (one write, then the run fails with FS_${code})`, async () => {
      const sink = failingSink(code);
      const failure = deliver(sink, [record], {
        sinkId: "s",
        batchSize: 10,
        retries: 5,
        logger: createLogger({ level: "silent" }),
        backoffBaseMs: 1,
      });
      await expect(failure).rejects.toMatchObject({ code: `FS_${code}`, retryable: false });
      expect(sink.calls).toBe(1);
    });

  for (const code of ["ENOSPC", "EIO", "EAGAIN"])
    it(`${code} is retried until the retries run out`, async () => {
      const sink = failingSink(code);
      const failure = deliver(sink, [record], {
        sinkId: "s",
        batchSize: 10,
        retries: 3,
        logger: createLogger({ level: "silent" }),
        backoffBaseMs: 1,
      });
      await expect(failure).rejects.toMatchObject({ code: "SINK_RETRIES_EXHAUSTED" });
      expect(sink.calls).toBe(4);
    });
});
