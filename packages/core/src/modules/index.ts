export { commonJsExports } from "./common-js.js";
