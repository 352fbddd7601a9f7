/**
 * What a hostile TAXII server does, by name:
 * - `drip`: the objects answer sends its headers, then one byte at a time, without end;
 * - `redirect-same-origin`: the objects endpoint answers 302 to the same path on the same server (to follow);
 * - `redirect-cross-origin`: API root and objects answer 301 to another origin (never to follow);
 * - `html`: page 2 of the objects is an HTML login page, every time;
 * - `null-items`: page 1 holds `null`, a number and an array among the indicators;
 * - `deep-nesting`: page 1 holds a 100,000-deep item, nested bundles and a deep property on a malformed indicator;
 * - `backwards-headers`: X-TAXII-Date-Added-Last goes backwards (before First, before the previous page);
 * - `garbage-headers`: the date headers and Content-Range are garbage, Content-Type is odd;
 * - `unauthorized-page-2`: page 2 answers 401 (arriving while page 1 is delivered);
 * - `echo-credentials`: every error answer, and the discovery title, echo the request's headers and URL.
 */
export type HostileBehaviour =
  | "drip"
  | "redirect-same-origin"
  | "redirect-cross-origin"
  | "html"
  | "null-items"
  | "deep-nesting"
  | "backwards-headers"
  | "garbage-headers"
  | "unauthorized-page-2"
  | "echo-credentials";

export const HOSTILE_BEHAVIOURS: readonly HostileBehaviour[] = [
  "drip",
  "redirect-same-origin",
  "redirect-cross-origin",
  "html",
  "null-items",
  "deep-nesting",
  "backwards-headers",
  "garbage-headers",
  "unauthorized-page-2",
  "echo-credentials",
];
