import { TaxiwayError, type TaxiwayErrorOptions } from "./taxiway-error.js";

type Extra = Omit<TaxiwayErrorOptions, "code" | "retryable"> & { code?: string };

/** A job file, a flag or a connector config is wrong. Never retryable: a human must fix it. */
export class ConfigError extends TaxiwayError {
  constructor(message: string, extra: Extra = {}) {
    super(message, { code: "CONFIG_INVALID", ...extra, retryable: false });
  }
}

/** A network-level failure (refused, reset, timeout, TLS). Retryable unless told otherwise. */
export class NetworkError extends TaxiwayError {
  constructor(message: string, extra: Extra & { retryable?: boolean } = {}) {
    super(message, { code: "NETWORK", ...extra, retryable: extra.retryable ?? true });
  }
}

/** A sink could not take a record or a batch. `retryable` says whether the runner should try again. */
export class SinkError extends TaxiwayError {
  constructor(message: string, options: Extra & { retryable: boolean }) {
    super(message, { code: "SINK", ...options });
  }
}

/** Who holds a job's lease: its owner (host:pid:random) and when the lease runs out unless renewed (RFC 3339). */
export interface LeaseHolder {
  owner: string;
  expires_at?: string;
}

/** Another live worker holds the job's lease (or lock). `holder` names it, for logs and metrics. */
export class LockedError extends TaxiwayError {
  readonly holder: LeaseHolder | undefined;

  constructor(message: string, extra: Extra & { holder?: LeaseHolder } = {}) {
    const { holder, ...rest } = extra;
    super(message, {
      code: "LOCKED",
      ...rest,
      details: { ...(rest.details ?? {}), ...(holder ? { holder } : {}) },
      retryable: false,
    });
    this.holder = holder;
  }
}

/**
 * This worker's lease on a job was taken over (it expired while the worker was stalled or cut off) or removed: the
 * worker must not commit again. Not retryable: the run stops, and the job's new holder goes on from the last commit.
 */
export class LeaseLostError extends TaxiwayError {
  constructor(message: string, extra: Extra & { holder?: LeaseHolder } = {}) {
    const { holder, ...rest } = extra;
    super(message, {
      code: "LEASE_LOST",
      ...rest,
      details: { ...(rest.details ?? {}), ...(holder ? { holder } : {}) },
      retryable: false,
    });
  }
}

/** Compare-and-set on a checkpoint failed: someone else advanced it. */
export class CheckpointConflictError extends TaxiwayError {
  constructor(message: string, extra: Extra = {}) {
    super(message, { code: "CHECKPOINT_CONFLICT", ...extra, retryable: false });
  }
}

/** A run was asked to stop (signal, abort). */
export class AbortedError extends TaxiwayError {
  constructor(message = "aborted", extra: Extra = {}) {
    super(message, { code: "ABORTED", ...extra, retryable: false });
  }
}
