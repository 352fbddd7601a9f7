export interface TaxiwayErrorOptions {
  /** Machine-readable code, stable across releases (e.g. `TAXII_HTTP_401`, `CONFIG_INVALID`). */
  code: string;
  /** True when the same operation may succeed if tried again later (network fault, 429, 503…). */
  retryable: boolean;
  cause?: unknown;
  /** Structured facts for logs and `--json` output. Never put secrets here. */
  details?: Record<string, unknown>;
}

/**
 * Base of every error taxiway throws on purpose. Callers branch on `retryable` and `code`,
 * never on message text.
 */
export class TaxiwayError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(message: string, options: TaxiwayErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.retryable = options.retryable;
    this.details = options.details ?? {};
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      retryable: this.retryable,
      message: this.message,
      ...this.details,
    };
  }
}

export function isRetryable(error: unknown): boolean {
  return error instanceof TaxiwayError ? error.retryable : false;
}
