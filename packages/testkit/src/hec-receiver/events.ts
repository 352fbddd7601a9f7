/** Splits an HEC request body (JSON event objects one after another) into values, or reports the first bad one. */
export function splitEvents(body: string): { events: unknown[]; invalidAt?: number } {
  const events: unknown[] = [];
  let index = 0;
  const length = body.length;
  while (index < length) {
    while (index < length && /\s/.test(body[index] as string)) index++;
    if (index >= length) break;
    if (body[index] !== "{") return { events, invalidAt: events.length };
    let depth = 0;
    let inString = false;
    let end = index;
    for (; end < length; end++) {
      const c = body[end];
      if (inString) {
        if (c === "\\") end++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) break;
    }
    try {
      events.push(JSON.parse(body.slice(index, end + 1)));
    } catch {
      return { events, invalidAt: events.length };
    }
    index = end + 1;
  }
  return { events };
}
