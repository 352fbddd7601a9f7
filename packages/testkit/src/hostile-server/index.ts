export { HOSTILE_BEHAVIOURS, type HostileBehaviour } from "./behaviours.js";
export { HostileTaxiiServer } from "./server.js";
