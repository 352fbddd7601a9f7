export const TAXII_21 = "application/taxii+json;version=2.1";
export const STIX_21 = "application/stix+json;version=2.1";

/** True when an Accept header admits TAXII 2.1 JSON (or anything). */
export function acceptsTaxii21(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(",").some((part) => {
    const value = part.trim().toLowerCase().replace(/\s+/g, "");
    return (
      value.startsWith("*/*") ||
      value.startsWith("application/*") ||
      value.startsWith("application/taxii+json") ||
      value.startsWith("application/json")
    );
  });
}
