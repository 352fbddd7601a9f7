export { type FixtureMispEvent, mispFixtureEvents } from "./fixture-events.js";
export { type MispFeedServer, startMispFeedServer } from "./server.js";
