import type { TaxiiAuth } from "@taxiway/core";
import { stringify } from "yaml";

/** `${env:NAME}`, the job file's reference to an environment variable. */
function envReference(name: string): string {
  return `$\{env:${name}}`; // "$\{" is a literal "${" here, not a placeholder
}

/** Placeholders for the secrets of `auth`: the real values never reach the screen, and the snippet stays valid. */
function authPlaceholder(auth: TaxiiAuth | undefined): Record<string, unknown> | undefined {
  switch (auth?.type) {
    case "bearer":
      return { type: "bearer", token: envReference("TAXII_TOKEN") };
    case "basic":
      return { type: "basic", username: auth.username, password: envReference("TAXII_PASSWORD") };
    case "jwt":
      return {
        type: "jwt",
        login_url: auth.login_url,
        username: auth.username,
        password: envReference("TAXII_PASSWORD"),
      };
    case "header":
      return { type: "header", name: auth.name, value: envReference("TAXII_API_KEY") };
    default:
      return undefined;
  }
}

/** A `source:` block to paste into a job file: valid YAML (strings quoted where YAML would read a number), `type: taxii` first. */
export function sourceYaml(suggested: Record<string, unknown>, auth?: TaxiiAuth): string {
  const placeholder = authPlaceholder(auth);
  const source = { type: "taxii", ...suggested, ...(placeholder ? { auth: placeholder } : {}) };
  return stringify({ source }, { defaultStringType: "PLAIN", defaultKeyType: "PLAIN" });
}
