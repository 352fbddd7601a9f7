import { ConfigError } from "../errors/index.js";
import { SecretRegistry } from "../logging/secrets.js";

/**
 * Credentials a URL carries where taxiway would not send them: userinfo (`https://u:p@host/`, which fetch drops)
 * and a query string (`?apikey=…`, which TAXII paths would not keep). Every such value is registered as a
 * process-wide secret, so it is masked even in the refusal's surroundings. Returns why the URL is refused and
 * what to write instead, or undefined when the URL is fine. Unparseable URLs are left to the schema.
 */
export function urlCredentialProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const secrets = SecretRegistry.process;
  if (parsed.username || parsed.password) {
    const username = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    if (password) secrets.addBasic(username, password);
    else secrets.add(username);
    return "the URL carries credentials (user:password@), which are never sent from there: write them as auth: { type: basic, username, password } (read from the environment with env interpolation) and remove them from the URL";
  }
  if (parsed.search) {
    for (const [name, value] of parsed.searchParams) {
      secrets.add(value);
      secrets.add(`${name}=${value}`);
    }
    return "the URL has a query string (?…), which TAXII requests do not carry: send an API key as auth: { type: header, name, value } or in source.headers, and remove the query from the URL";
  }
  return undefined;
}

/** Throws ConfigError (exit 2) when `url` carries credentials taxiway would not send (see urlCredentialProblem). */
export function refuseUrlCredentials(url: string, where = "source.url"): void {
  const problem = urlCredentialProblem(url);
  if (problem) throw new ConfigError(`${where}: ${problem}`, { code: "CONFIG_URL_CREDENTIALS" });
}
