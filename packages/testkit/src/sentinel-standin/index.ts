export { type SeenRequest, SentinelStandIn, type SentinelStandInOptions } from "./server.js";
