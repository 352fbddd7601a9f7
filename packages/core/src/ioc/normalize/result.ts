/** A normalized value, or why the value cannot be an IOC of that type. */
export type Normalized = { ok: true; value: string } | { ok: false; reason: string };

export const ok = (value: string): Normalized => ({ ok: true, value });
export const bad = (reason: string): Normalized => ({ ok: false, reason });
