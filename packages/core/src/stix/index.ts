export type { ExternalReference, KillChainPhase, StixIndicator, StixObject } from "./types.js";
