import type { IncomingHttpHeaders } from "node:http";
import type { FixtureAuth } from "./options.js";

export function isAuthorized(auth: FixtureAuth | undefined, headers: IncomingHttpHeaders): boolean {
  if (!auth || auth.type === "none") return true;
  const authorization = headers.authorization ?? "";
  switch (auth.type) {
    case "bearer":
      return authorization === `Bearer ${auth.token}`;
    case "basic":
      return authorization === `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString("base64")}`;
    case "header":
      return headers[auth.name.toLowerCase()] === auth.value;
  }
}
