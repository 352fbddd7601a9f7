import { PassThrough } from "node:stream";
import type { CheckpointDocument } from "@taxiway/core";
import { describe, expect, it } from "vitest";
import { main } from "../src/main.js";
import { checkpointText } from "../src/output/checkpoint-text.js";

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (chunk) => {
    out += chunk;
  });
  stderr.on("data", (chunk) => {
    err += chunk;
  });
  return {
    io: { stdout, stderr, stdin: new PassThrough(), env: {}, cwd: process.cwd() },
    text: () => ({ out, err }),
  };
}

describe("what a new user saw (fresh-eyes session)", () => {
  it("a misspelt command gets a suggestion, exit 64", async () => {
    const t = io();
    expect(await main(["serv"], t.io)).toBe(64);
    expect(t.text().err).toBe(
      "taxiway: USAGE: unknown command 'serv'. Did you mean 'serve'? Run 'taxiway --help' for the list.\n",
    );
  });

  it("state show says where a finished stix-bundle or MISP job stands, not '(beginning)'", () => {
    const document: CheckpointDocument = {
      format: 1,
      job: "bundles",
      revision: 3,
      updated_at: "2026-11-30T00:00:00.000Z",
      collections: {
        "intel/a.json": { state: { sha256: "afa3c0ffee0123456789", position: 60000, complete: true } },
        "https://misp.example/feed/": {
          state: { events: { "a-uuid": "1700000000", "b-uuid": "1700000001" } },
        },
        "fresh.json": {},
      },
      sinks: {},
    };
    const text = checkpointText(document, "./state/bundles.json");
    expect(text).toContain("complete: 60000 objects (sha256 afa3c0ffee01…)");
    expect(text).toContain("2 events delivered");
    expect(text.match(/\(beginning\)/g)).toHaveLength(1);
  });
});
