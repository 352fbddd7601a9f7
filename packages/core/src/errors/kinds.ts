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

/** Another run holds the job's lock. */
export class LockedError extends TaxiwayError {
  constructor(message: string, extra: Extra = {}) {
    super(message, { code: "LOCKED", ...extra, retryable: false });
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
