import { readFileSync } from "node:fs";
import { habitTable } from "@taxiway/testkit/fixtures";
import { expect, it } from "vitest";

it("README's table of server habits is the one generated from the model's switches (pnpm habit-table)", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("<!-- habit-table:start -->");
  const end = readme.indexOf("<!-- habit-table:end -->");
  expect(start, "README.md has no habit-table markers").toBeGreaterThan(-1);
  expect(readme.slice(start + "<!-- habit-table:start -->\n".length, end)).toBe(habitTable());
});
