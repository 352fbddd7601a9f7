import type { IocRecord } from "./record.js";

/** RFC 3339 timestamp split into whole seconds (with zone) and the fraction, for exact µs arithmetic. */
const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:\d\d)$/;

/**
 * A STIX timestamp (STIX 2.1 §3.2, RFC 3339) as whole microseconds since the epoch, without the rounding of
 * `Date.parse` (which keeps milliseconds only). Digits past the sixth fractional one are dropped. Returns undefined
 * for anything that is not a timestamp.
 */
export function timestampMicros(iso: string | undefined): bigint | undefined {
  if (!iso) return undefined;
  const match = TIMESTAMP.exec(iso);
  if (!match) {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? undefined : BigInt(ms) * 1000n;
  }
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = BigInt((match[2] ?? "").padEnd(6, "0").slice(0, 6));
  return BigInt(seconds) * 1000n + fraction;
}

/**
 * The total order of a record's versions that every keyed sink applies (DESIGN.md, Lifecycle): the STIX `modified`
 * (else `created`) in µs, times two, plus one for a delete, so a revocation or expiry of the same `modified` orders
 * after the upsert it ends, and a change 1 µs later orders after both. 0 (or 1) when the record has no timestamp.
 * Fits Elasticsearch's external version (a signed 64-bit long) for any year below 10000.
 */
export function recordVersion(record: Pick<IocRecord, "modified" | "created" | "action">): bigint {
  const micros = timestampMicros(record.modified ?? record.created) ?? 0n;
  return micros * 2n + (record.action === "delete" ? 1n : 0n);
}
