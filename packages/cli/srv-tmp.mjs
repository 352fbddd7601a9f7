import { startTaxiiServer } from "@taxiway/testkit/fixtures";

const server = await startTaxiiServer({ collections: [{ id: "empty", title: "Empty", objects: [] }] });
console.log(server.url);
