export { freePort } from "./free-port.js";
export { findInstalledPeer } from "./installed-peer.js";
export { commandAs, javaHome } from "./java.js";
export { type KafkaPeer, type KafkaPeerOptions, startKafkaPeer } from "./kafka-peer.js";
export { type PeerProcess, startPeerProcess } from "./peer-process.js";
export { type PostgresPeer, postgresBinDir, startPostgresPeer } from "./postgres-peer.js";
export { type SearchPeerOptions, startSearchPeer } from "./search-peer.js";
