export { ensureDirectory } from "./ensure-directory.js";
export { isProcessAlive } from "./process-alive.js";
