export { freePort } from "./free-port.js";
export { findInstalledPeer } from "./installed-peer.js";
export { type PeerProcess, startPeerProcess } from "./peer-process.js";
