export * from "./conformance/index.js";
export * from "./delivery-faults/index.js";
export * from "./feed/index.js";
export * from "./hec-receiver/index.js";
export * from "./hostile-server/index.js";
export * from "./misp-feed/index.js";
export * from "./source-conformance/index.js";
export * from "./taxii-server/index.js";
