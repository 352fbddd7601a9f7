export const TAXII_21 = "application/taxii+json;version=2.1";
export const TAXII_20 = "application/vnd.oasis.taxii+json; version=2.0";
export const STIX_20 = "application/vnd.oasis.stix+json; version=2.0";

export type TaxiiVersion = "2.0" | "2.1";

export function acceptFor(version: TaxiiVersion, stix = false): string {
  if (version === "2.1") return TAXII_21;
  return stix ? STIX_20 : TAXII_20;
}

/**
 * Reads the TAXII version out of an API root's `versions` list (2.1 preferred). Accepts the media-type forms
 * (`application/taxii+json;version=2.1`, `application/vnd.oasis.taxii+json; version=2.0`, any spacing or case)
 * and the short forms TAXII 2.0 §4.2 itself uses (`taxii-2.0`, `taxii-2.1`).
 */
export function versionFromList(versions: unknown): TaxiiVersion | undefined {
  if (!Array.isArray(versions)) return undefined;
  const text = versions.map((v) => String(v).replace(/\s+/g, "").toLowerCase());
  const names = (version: string) => (v: string) =>
    v.includes(`version=${version}`) || v === `taxii-${version}` || v === `taxii${version}`;
  if (text.some(names("2.1"))) return "2.1";
  if (text.some(names("2.0"))) return "2.0";
  return undefined;
}

/** JSON-ish content types real servers send on TAXII endpoints: all accepted. */
export function isJsonContentType(value: string | undefined): boolean {
  if (!value) return true;
  return /json/i.test(value);
}
