import { parseJsonSafely } from "@taxiway/core";

/** The JSON of a response body, or undefined for an empty or malformed one (the upload API answers 200 with none). */
export function bodyJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return parseJsonSafely(text);
  } catch {
    return undefined;
  }
}
