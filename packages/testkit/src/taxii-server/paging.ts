import { createHash, randomBytes } from "node:crypto";

interface Cursor {
  signature: string;
  resumeAt: number;
}

/** Opaque `next` tokens, each bound to the query that produced it. */
export class NextTokens {
  private readonly cursors = new Map<string, Cursor>();

  issue(signature: string, resumeAt: number): string {
    const token = randomBytes(12).toString("base64url");
    this.cursors.set(token, { signature, resumeAt });
    return token;
  }

  /** medallion's habit: one token per query that stays the same on every page, its position moving on. */
  issueStable(signature: string, resumeAt: number): string {
    const token = createHash("sha256").update(signature).digest("base64url").slice(0, 16);
    this.cursors.set(token, { signature, resumeAt });
    return token;
  }

  /** The resume position, or undefined when the token is unknown or was issued for another query. */
  redeem(token: string, signature: string): number | undefined {
    const cursor = this.cursors.get(token);
    if (!cursor || cursor.signature !== signature) return undefined;
    return cursor.resumeAt;
  }
}
