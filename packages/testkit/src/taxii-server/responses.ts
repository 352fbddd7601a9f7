import { STIX_21, TAXII_21 } from "./media-types.js";

export interface FixtureResponse {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

export function taxiiJson(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FixtureResponse {
  return { status, headers: { "content-type": TAXII_21, ...headers }, body: JSON.stringify(body) };
}

export function stixJson(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): FixtureResponse {
  return { status, headers: { "content-type": STIX_21, ...headers }, body: JSON.stringify(body) };
}

export function taxiiError(status: number, title: string, description?: string): FixtureResponse {
  return taxiiJson(status, { title, description, http_status: String(status) });
}
