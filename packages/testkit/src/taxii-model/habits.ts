/**
 * The switches of the simulated TAXII server: one per server habit seen in the wild (issue 17). Every
 * combination is a server taxiway must page through without looping, skipping or repeating.
 */
export interface ServerHabits {
  /** Largest page the server hands out, whatever `limit` says. */
  pageCap: number;
  /**
   * `next` tokens:
   * - `fresh`: a new token per page (the spec's picture);
   * - `reused`: one token per query whose position moves on (medallion);
   * - `repeated`: the same token, and the same page, on every request (a server stuck on its first page);
   * - `cycling`: two tokens that send the client A → B → A …;
   * - `expiring`: fresh tokens, every fourth redemption refused with 400 as expired;
   * - `stuck-fresh`: a fresh token on every page, always the same objects;
   * - `empty-fresh`: a fresh token with empty pages and `more: true`;
   * - `none`: `more: true` without a token (paging by `added_after` only).
   */
  tokens: "fresh" | "reused" | "repeated" | "cycling" | "expiring" | "stuck-fresh" | "empty-fresh" | "none";
  /** `added_after`: strictly after (spec), at-or-after, or not applied at all. */
  addedAfter: "exclusive" | "inclusive" | "ignored";
  /**
   * X-TAXII-Date-Added-First/-Last: `present` (`.000Z`), `odd` (no fraction, `+00:00` zone: parses),
   * `absent`, `garbage` (`yesterday`), `backwards` (moves back in time on every request).
   */
  headers: "present" | "odd" | "absent" | "garbage" | "backwards";
  /** `more`: `honest`, `early` (false while objects remain), `late` (true on the last page too). */
  more: "honest" | "early" | "late";
  /** TAXII 2.0: paging by `Range: items a-b` offsets (stateless, honest), not by `limit`/`next`. */
  rangePaging: boolean;
  /** Whether the manifest endpoint is served (it pages with the same habits). */
  manifest: boolean;
}

/** Every value of every switch, for property generators and the README's habit table. */
export const HABIT_SWITCHES = {
  pageCap: [1, 2, 3, 5, 10, 20, 100],
  tokens: ["fresh", "reused", "repeated", "cycling", "expiring", "stuck-fresh", "empty-fresh", "none"],
  addedAfter: ["exclusive", "inclusive", "ignored"],
  headers: ["present", "odd", "absent", "garbage", "backwards"],
  more: ["honest", "early", "late"],
  rangePaging: [false, true],
  manifest: [true, false],
} as const satisfies { [K in keyof ServerHabits]: readonly ServerHabits[K][] };

/** A well-behaved TAXII 2.1 server. */
export const SPEC_HABITS: ServerHabits = {
  pageCap: 1000,
  tokens: "fresh",
  addedAfter: "exclusive",
  headers: "present",
  more: "honest",
  rangePaging: false,
  manifest: true,
};

/** Token styles that never lead past the first page: no client can page through them. */
export function tokensAreBroken(habits: ServerHabits): boolean {
  return !habits.rangePaging && ["repeated", "cycling", "stuck-fresh", "empty-fresh"].includes(habits.tokens);
}
