const MASK = "[REDACTED]";

/** The forms a secret takes on the wire and in text: as is, URL-encoded, JSON-escaped, base64 and base64url. */
function formsOf(value: string): string[] {
  const bytes = Buffer.from(value);
  return [
    value,
    encodeURIComponent(value),
    encodeURIComponent(value).replace(/%20/g, "+"),
    JSON.stringify(value).slice(1, -1),
    bytes.toString("base64"),
    bytes.toString("base64url"),
  ];
}

/**
 * Every secret value a run knows (tokens, passwords, interpolated `${env:…}` secrets). Output streams pass
 * through `redact`, so a secret cannot escape by any path: log fields, error messages, stack traces, JSON.
 * Every registry also feeds the process-wide one (`SecretRegistry.process`), which every registry's `redact`
 * applies too: a secret learnt late (a JWT access token obtained at login) is masked on every stream.
 */
export class SecretRegistry {
  /** What the whole process knows; `maskProcessOutput` masks stdout and stderr with it. */
  static readonly process = new SecretRegistry(true);

  private readonly values = new Set<string>();
  private pattern?: RegExp;

  constructor(private readonly isProcess = false) {}

  add(value: unknown): void {
    if (typeof value !== "string" || value.length < 4) return;
    for (const form of formsOf(value)) this.values.add(form);
    this.pattern = undefined;
    if (!this.isProcess) SecretRegistry.process.add(value);
  }

  /**
   * HTTP Basic credentials: the password, and `user:password` as sent (so the base64 of the whole header value is
   * masked even when the user name is short or public).
   */
  addBasic(username: string, password: string): void {
    this.add(password);
    this.add(`${username}:${password}`);
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    const own = this.#redactOwn(text);
    return this.isProcess ? own : SecretRegistry.process.#redactOwn(own);
  }

  #redactOwn(text: string): string {
    if (this.values.size === 0) return text;
    this.pattern ??= new RegExp(
      [...this.values]
        .sort((a, b) => b.length - a.length)
        .map((v) => v.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
        .join("|"),
      "g",
    );
    return text.replace(this.pattern, MASK);
  }
}

/**
 * Masks every secret the process knows on its stdout and stderr, whatever writes there (a crash handler, a
 * library): `write` is wrapped once. Call it first thing in an executable.
 */
export function maskProcessOutput(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    const marked = stream as NodeJS.WriteStream & { __taxiwayMasked?: boolean };
    if (marked.__taxiwayMasked) continue;
    marked.__taxiwayMasked = true;
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      const text =
        typeof chunk === "string" ? chunk : Buffer.isBuffer(chunk) ? chunk.toString("utf8") : undefined;
      return write(text === undefined ? chunk : SecretRegistry.process.redact(text), ...rest);
    }) as NodeJS.WriteStream["write"];
  }
}
