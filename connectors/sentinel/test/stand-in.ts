import { SentinelStandIn } from "@taxiway/testkit/fixtures";
import type { SentinelSinkConfig } from "../src/index.js";

export const CREDENTIALS = {
  tenant: "00000000-1111-4222-8333-444444444444",
  clientId: "55555555-6666-4777-8888-999999999999",
  clientSecret: "entra-client-secret-value-1",
  workspaceId: "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee",
};

/** A login stand-in and an API stand-in on two loopback origins, and a sink config pointing at them. */
export async function standIns(
  options: { tokenLifetimeSeconds?: number; keep?: "objects" | "versions" } = {},
) {
  const login = await SentinelStandIn.start({ ...CREDENTIALS, ...options });
  const api = await SentinelStandIn.start({ ...CREDENTIALS, keep: options.keep });
  api.trustTokensOf(login);
  const config = (extra: Partial<SentinelSinkConfig> = {}): SentinelSinkConfig => ({
    workspace_id: CREDENTIALS.workspaceId,
    tenant_id: CREDENTIALS.tenant,
    client_id: CREDENTIALS.clientId,
    client_secret: CREDENTIALS.clientSecret,
    api_url: api.url,
    login_url: login.url,
    ...extra,
  });
  return { login, api, config, close: () => Promise.all([login.close(), api.close()]) };
}
