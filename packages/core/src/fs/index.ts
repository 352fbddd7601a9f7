export { ensureDirectory } from "./ensure-directory.js";
