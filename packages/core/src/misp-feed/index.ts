export { MISP_PATTERNS } from "./attribute-pattern.js";
export { type MispFeedSourceConfig, mispFeedSourceSchema } from "./config.js";
export { eventObjects, type MispAttribute, type MispEvent } from "./event-objects.js";
export { MispFeedStream } from "./feed-stream.js";
export { mispFeedSource } from "./source.js";
