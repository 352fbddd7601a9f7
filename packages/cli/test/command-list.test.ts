import { describe, expect, it } from "vitest";
import { commands } from "../src/commands/index.js";

describe("the lazy command list", () => {
  it("lists each command under the name and summary of the command it loads", async () => {
    for (const entry of commands) {
      const command = await entry.load();
      expect({ name: command.name, summary: command.summary }).toEqual({
        name: entry.name,
        summary: entry.summary,
      });
    }
  });
});
