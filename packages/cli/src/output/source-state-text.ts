import { plural } from "./plural.js";

/**
 * Where a non-TAXII source stands, from the opaque `state` of its cursor: a STIX bundle's
 * `{sha256, position, complete}` or a MISP feed's `{events, partial}`; anything else briefly as JSON.
 */
export function sourceStateText(state: Record<string, unknown>): string {
  if (typeof state.sha256 === "string" && typeof state.position === "number") {
    const at = `${plural(state.position, "object")} (sha256 ${state.sha256.slice(0, 12)}…)`;
    return state.complete === true ? `complete: ${at}` : `in progress: ${at}`;
  }
  if (state.events && typeof state.events === "object") {
    const events = plural(Object.keys(state.events).length, "event");
    const partial = state.partial as { uuid?: string; offset?: number } | undefined;
    return partial?.uuid
      ? `${events} delivered; event ${partial.uuid} at attribute ${partial.offset}`
      : `${events} delivered`;
  }
  const text = JSON.stringify(state);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
