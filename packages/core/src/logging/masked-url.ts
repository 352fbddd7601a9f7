import { SecretRegistry } from "./secrets.js";

/**
 * `url` with its password (user-info or a `password=` query parameter) replaced by `***`, for messages, `check` and
 * `state show`. The password is also added to the process's secret registry, so no log line or output prints it.
 */
export function maskedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(an unparsable URL)";
  }
  if (parsed.password) {
    SecretRegistry.process.add(decodeURIComponent(parsed.password));
    parsed.password = "***";
  }
  for (const key of ["password", "sslpassword"]) {
    const value = parsed.searchParams.get(key);
    if (value) {
      SecretRegistry.process.add(value);
      parsed.searchParams.set(key, "***");
    }
  }
  return parsed.toString().replaceAll("%2A%2A%2A", "***");
}
