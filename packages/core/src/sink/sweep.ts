/**
 * What the runner asks of a sink's expiry sweep (DESIGN.md, Lifecycle): remove, or flag per the sink's
 * revoked/expired setting, every IOC whose validity has passed, without the feed sending anything.
 */
export interface SweepRequest {
  /** The instant validity is judged against, in epoch ms: the runner's clock (injected in tests). */
  now: number;
  /**
   * `filters.expire_after` in ms: an IOC without an expiry time (`expires_at`/`valid_until`) expires once its STIX
   * `modified` (else `created`) is older than this.
   */
  expireAfterMs?: number;
  /** Count what would go and name some of it; change nothing. */
  dryRun?: boolean;
}

/** What a sweep did (or, dry run, would do). */
export interface SweepResult {
  /** IOCs removed or flagged (dry run: that would be). */
  expired: number;
  /** Keys of some of them (at most SWEEP_SAMPLE_SIZE), for the dry run's report. */
  sample: string[];
  /**
   * The sink's state after the sweep, for a sink whose sweep appends (CSV append writes delete rows): the runner
   * commits it in the checkpoint as it does `flush()`'s. Undefined when the sweep changes no checkpointed state.
   */
  state?: unknown;
}

/** How many keys a sweep names in its result. */
export const SWEEP_SAMPLE_SIZE = 20;

/**
 * When an IOC expires, in epoch ms: its `expires_at` (else `valid_until`), or `modified` (else `created`) +
 * `expireAfterMs`; undefined when it never does. The rule every sweep applies, shared with the runner's filter.
 */
export function expiryOf(
  held: { expires_at?: string; valid_until?: string; modified?: string; created?: string },
  expireAfterMs?: number,
): number | undefined {
  const explicit = Date.parse(held.expires_at ?? held.valid_until ?? "");
  if (!Number.isNaN(explicit)) return explicit;
  if (expireAfterMs === undefined) return undefined;
  const base = Date.parse(held.modified ?? held.created ?? "");
  return Number.isNaN(base) ? undefined : base + expireAfterMs;
}

/** True when `held` has expired at `now` (an expiry exactly at `now` has passed, as in the runner's filter). */
export function hasExpired(
  held: Parameters<typeof expiryOf>[0],
  request: Pick<SweepRequest, "now" | "expireAfterMs">,
): boolean {
  const at = expiryOf(held, request.expireAfterMs);
  return at !== undefined && at <= request.now;
}
