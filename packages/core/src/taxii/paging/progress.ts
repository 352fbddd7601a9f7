import { hash } from "node:crypto";

/**
 * The pager's one progress rule: **a response makes progress when it carries at least one object and the exact
 * set of object versions it carries has not been served earlier in the same request chain** (one query and the
 * `next` tokens that follow it).
 *
 * Already-delivered objects count as progress while the server's position moves (medallion reuses one `next`
 * token and walks a tie block page by page, each page a new set); a repeated page, a cycle of tokens, a fresh
 * token over the same objects, or an empty page with `more: true` does not. Memory: one digest per page of the chain,
 * never one entry per object.
 */
export class ChainProgress {
  private readonly served = new Set<string>();

  /** Records a response's object keys and tells whether it made progress. */
  record(keys: readonly string[]): boolean {
    if (keys.length === 0) return false;
    const fingerprint = hash("sha1", [...keys].sort().join("\n"), "base64");
    if (this.served.has(fingerprint)) return false;
    this.served.add(fingerprint);
    return true;
  }
}
