import { createInterface } from "node:readline";
import { PassThrough, Readable } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { lineBatches, writeDrained } from "../src/output/line-batches.js";

async function viaReadline(chunks: Buffer[]): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of createInterface({
    input: Readable.from(chunks),
    crlfDelay: Number.POSITIVE_INFINITY,
  }))
    lines.push(line);
  return lines;
}

async function viaBatches(chunks: Buffer[]): Promise<{ lines: string[]; batches: number }> {
  const lines: string[] = [];
  let batches = 0;
  for await (const batch of lineBatches(Readable.from(chunks))) {
    batches++;
    lines.push(...batch);
  }
  return { lines, batches };
}

/** Cuts `bytes` at the given offsets (anywhere: inside CR LF, inside a UTF-8 character). */
function cut(bytes: Buffer, offsets: number[]): Buffer[] {
  const points = [...new Set(offsets.map((o) => o % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) chunks.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return chunks;
}

describe("extract --stdin's line batches", () => {
  it("drop a UTF-8 byte order mark at the start of the stream, even cut in the middle (a Windows export)", async () => {
    const bytes = Buffer.from("\uFEFF[ipv4-addr:value = '1.2.3.4']\r\n\uFEFFsecond\r\n", "utf8");
    for (const at of [0, 1, 2, 3, 5])
      expect((await viaBatches(cut(bytes, [at]))).lines).toEqual([
        "[ipv4-addr:value = '1.2.3.4']",
        "\uFEFFsecond",
      ]);
  });

  it("split any input, cut anywhere, into the lines readline gives (LF, CR LF, lone CR, UTF-8 across chunks)", async () => {
    const piece = fc.constantFrom(
      "a",
      "[ipv4-addr:value = '1.2.3.4']",
      "é",
      "😀",
      " ",
      "\n",
      "\r\n",
      "\r",
      "",
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (pieces, at) => {
          const bytes = Buffer.from(pieces.join(""), "utf8");
          const chunks = cut(bytes, at);
          expect((await viaBatches(chunks)).lines).toEqual(await viaReadline(chunks));
        },
      ),
      { seed: 24, numRuns: 300 },
    );
  });

  it("answers a chunk of many lines in one batch (one output write), not one per line", async () => {
    const input = Buffer.from(
      `${Array.from({ length: 500 }, (_, i) => `[domain-name:value = 'h${i}.example']`).join("\n")}\n`,
    );
    const { lines, batches } = await viaBatches([input]);
    expect(lines).toHaveLength(500);
    expect(batches).toBe(1);
  });

  it("waits for a full output stream to drain before the next batch", async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    const waiting = writeDrained(out, "more than four bytes");
    expect(waiting).toBeInstanceOf(Promise);
    let drained = false;
    void waiting?.then(() => {
      drained = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    out.read();
    await waiting;
    expect(drained).toBe(true);
  });
});
