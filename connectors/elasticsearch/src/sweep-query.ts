import type { SweepRequest } from "@taxiway/core";

/**
 * The Query DSL of what has expired at `request.now`: `taxiway.expires_at` (the record's `expires_at`, else
 * `valid_until`) at or before now, or, with `expireAfterMs`, no expiry but a `threat.indicator.modified_at` older than
 * that. With `unflaggedOnly` (on_revoked: flag) what is already flagged is left out, so a sweep flags each IOC once.
 */
export function expiredQuery(request: SweepRequest, unflaggedOnly: boolean): Record<string, unknown> {
  const now = new Date(request.now).toISOString();
  const expired: Record<string, unknown>[] = [{ range: { "taxiway.expires_at": { lte: now } } }];
  if (request.expireAfterMs !== undefined)
    expired.push({
      bool: {
        must_not: [{ exists: { field: "taxiway.expires_at" } }],
        filter: [
          {
            range: {
              "threat.indicator.modified_at": {
                lte: new Date(request.now - request.expireAfterMs).toISOString(),
              },
            },
          },
        ],
      },
    });
  return {
    bool: {
      filter: [{ bool: { should: expired, minimum_should_match: 1 } }],
      ...(unflaggedOnly ? { must_not: [{ term: { "taxiway.revoked": true } }] } : {}),
    },
  };
}
