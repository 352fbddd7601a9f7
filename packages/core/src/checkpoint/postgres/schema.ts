/**
 * The tables of the PostgreSQL store, created on first use. One row per job (revision for compare-and-set, the
 * lease's owner and expiry), one row per commit in the history (who committed which revision: audits and the fleet
 * test read it), and the seen-index of cursorless feeds.
 */
export const POSTGRES_SCHEMA = `
CREATE TABLE IF NOT EXISTS taxiway_checkpoints (
  job text PRIMARY KEY,
  revision bigint NOT NULL DEFAULT 0,
  document jsonb,
  updated_at timestamptz,
  lease_owner text,
  lease_expires_at timestamptz
);
CREATE TABLE IF NOT EXISTS taxiway_checkpoint_history (
  job text NOT NULL,
  revision bigint NOT NULL,
  owner text,
  committed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (job, revision)
);
CREATE TABLE IF NOT EXISTS taxiway_seen (
  job text NOT NULL,
  collection text NOT NULL,
  digest bytea NOT NULL,
  generation bigint NOT NULL,
  PRIMARY KEY (job, collection, digest)
);
`;

/** Key of the transaction-scoped advisory lock that serializes the CREATEs of workers starting at once. */
export const SCHEMA_LOCK_KEY = 0x7a78_7779;
