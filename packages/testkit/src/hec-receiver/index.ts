export { splitEvents } from "./events.js";
export { HecReceiver, type HecReceiverOptions, type HecToken, type ReceivedEvent } from "./receiver.js";
