// Types of the three undici modules taxiway loads instead of undici's index (undici-parts.ts). They are the public
// Agent, ProxyAgent and Dispatcher#request (undici docs: api/Agent.md, api/ProxyAgent.md, api/Dispatcher.md).
declare module "undici/lib/dispatcher/agent.js" {
  const Agent: typeof import("undici").Agent;
  export default Agent;
}
declare module "undici/lib/dispatcher/proxy-agent.js" {
  const ProxyAgent: typeof import("undici").ProxyAgent;
  export default ProxyAgent;
}
declare module "undici/lib/api/api-request.js" {
  const request: (
    this: import("undici").Dispatcher,
    options: import("undici").Dispatcher.RequestOptions,
  ) => Promise<import("undici").Dispatcher.ResponseData>;
  export default request;
}
