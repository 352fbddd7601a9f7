export { type DeliveryFault, errnoError, type FaultKind, type FaultPoint } from "./fault-plan.js";
export { FaultySink, type IoInjector } from "./faulty-sink.js";
export { FileFaults } from "./file-faults.js";
export { type DeliveryFaultEnv, type DeliveryFaultOptions, describeDeliveryFaults } from "./run.js";
