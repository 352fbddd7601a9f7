const MASK = "[REDACTED]";

/**
 * Every secret value a run knows (tokens, passwords, interpolated `${env:…}` secrets). Output streams pass
 * through `redact`, so a secret cannot escape by any path: log fields, error messages, stack traces, JSON.
 */
export class SecretRegistry {
  private readonly values = new Set<string>();
  private pattern?: RegExp;

  add(value: unknown): void {
    if (typeof value !== "string" || value.length < 4) return;
    const forms = [
      value,
      encodeURIComponent(value),
      JSON.stringify(value).slice(1, -1),
      Buffer.from(value).toString("base64"),
    ];
    for (const form of forms) this.values.add(form);
    this.pattern = undefined;
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
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
