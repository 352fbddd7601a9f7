import { testSinkContext } from "../conformance/context.js";
import { sampleRecord } from "../conformance/records.js";
import type { SearchBenchTarget } from "./search-sink.js";

export interface SearchSweepBenchOptions<Config> extends SearchBenchTarget<Config> {
  /** Expired documents swept (default 100 000). */
  total?: number;
}

/**
 * An expiry sweep over `total` expired documents (plus a tenth as many still valid, which must stay) on a real
 * cluster, against a same-run baseline: the floor of the same deletions, as pre-serialized bulk bodies of the known
 * ids POSTed in pages of 5 000 (no search, no versions, no refresh) on an identical index. The ratio is what
 * finding the expired documents costs on top. Prints `BENCH {...}` lines for `pnpm bench`; throws when a sweep
 * leaves an expired document or removes a valid one.
 */
export async function runSearchSweepBench<Config>(options: SearchSweepBenchOptions<Config>): Promise<void> {
  const { url } = options;
  const headers = { "content-type": "application/json", ...options.headers };
  const total = options.total ?? 100_000;
  const now = Date.parse("2027-01-01T00:00:00Z");
  const call = async (method: string, path: string, body?: string, type = "application/json") => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { ...headers, "content-type": type },
      ...(body !== undefined ? { body } : {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (!response.ok && method !== "DELETE") throw new Error(`${path}: HTTP ${response.status}`);
    return json;
  };
  const count = async (index: string) =>
    (await call("POST", `/${index}/_count`, JSON.stringify({ query: { match_all: {} } }))).count as number;

  /** A fresh index with the sink's template: `total` expired documents and `total / 10` valid ones. */
  async function load(index: string): Promise<void> {
    await call("DELETE", `/${index}`);
    const installer = options.descriptor.create(options.config(index), testSinkContext());
    await installer.open();
    await installer.close();
    const valid = Math.floor(total / 10);
    for (let start = 0; start < total + valid; start += 5000) {
      let body = "";
      for (let n = start; n < Math.min(start + 5000, total + valid); n++) {
        const record = sampleRecord(n, {
          valid_until: n < total ? "2026-06-01T00:00:00Z" : "2027-06-01T00:00:00Z",
        });
        body += `${JSON.stringify({ index: { _index: index, _id: record.key } })}\n${JSON.stringify(options.document(record))}\n`;
      }
      const answer = await call("POST", "/_bulk", body, "application/x-ndjson");
      if (answer.errors) throw new Error("bench load: bulk errors");
    }
    await call("POST", `/${index}/_refresh`);
  }

  const report = (metric: string, value: number, baseline: number, note: string) =>
    console.log(
      `BENCH ${JSON.stringify({ bench: options.bench, metric, value, unit: "docs/s", baseline, ratio: value / baseline, note })}`,
    );

  await load("bench-sweep-baseline");
  const bodies: string[] = [];
  for (let start = 0; start < total; start += 5000) {
    let body = "";
    for (let n = start; n < Math.min(start + 5000, total); n++)
      body += `${JSON.stringify({ delete: { _index: "bench-sweep-baseline", _id: sampleRecord(n).key } })}\n`;
    bodies.push(body);
  }
  let begin = performance.now();
  for (const body of bodies) await call("POST", "/_bulk", body, "application/x-ndjson");
  const baselineRate = total / ((performance.now() - begin) / 1000);
  if ((await count("bench-sweep-baseline")) !== Math.floor(total / 10))
    throw new Error("baseline left documents");

  await load("bench-sweep-sink");
  const sink = options.descriptor.create(options.config("bench-sweep-sink"), testSinkContext());
  await sink.open();
  begin = performance.now();
  const result = await sink.sweep?.({ now });
  const sweepRate = total / ((performance.now() - begin) / 1000);
  await sink.close();
  if (result?.expired !== total) throw new Error(`sweep removed ${String(result?.expired)} of ${total}`);
  const left = await count("bench-sweep-sink");
  if (left !== Math.floor(total / 10)) throw new Error(`sweep left ${left} documents`);
  report(
    `sweep of ${total} expired documents`,
    sweepRate,
    baselineRate,
    "sink.sweep (search rounds of 5 000, versioned bulk deletes, refreshes) vs raw bulk deletes of the known ids",
  );
  await call("DELETE", "/bench-sweep-baseline");
  await call("DELETE", "/bench-sweep-sink");
}
