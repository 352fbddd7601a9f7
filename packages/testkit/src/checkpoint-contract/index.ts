export { type CheckpointContractOptions, runCheckpointStoreContract } from "./run.js";
