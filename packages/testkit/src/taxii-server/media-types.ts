export const TAXII_21 = "application/taxii+json;version=2.1";
export const STIX_21 = "application/stix+json;version=2.1";
export const TAXII_20 = "application/vnd.oasis.taxii+json; version=2.0";
export const STIX_20 = "application/vnd.oasis.stix+json; version=2.0";

/** True when some part of an Accept header starts with one of `prefixes` (or admits anything). */
function admits(accept: string | undefined, prefixes: readonly string[]): boolean {
  if (!accept) return true;
  return accept.split(",").some((part) => {
    const value = part.trim().toLowerCase().replace(/\s+/g, "");
    return ["*/*", "application/*", ...prefixes].some((prefix) => value.startsWith(prefix));
  });
}

/** True when an Accept header admits TAXII 2.0 (or STIX 2.0, for objects, or anything). */
export function acceptsTaxii20(accept: string | undefined): boolean {
  return admits(accept, [
    "application/vnd.oasis.taxii+json;version=2.0",
    "application/vnd.oasis.stix+json;version=2.0",
  ]);
}

/** True when an Accept header admits TAXII 2.1 JSON (or anything). */
export function acceptsTaxii21(accept: string | undefined): boolean {
  return admits(accept, ["application/taxii+json", "application/json"]);
}
