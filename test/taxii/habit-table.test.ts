import { readFileSync } from "node:fs";
import { habitTable } from "@taxiway/testkit/fixtures";
import { expect, it } from "vitest";

/** A markdown table's cells, row by row: the README is formatted (padded columns), the generator is not. */
function cells(markdown: string): string[][] {
  return markdown
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) =>
      line
        .split("|")
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/^-+$/, "---")),
    );
}

it("README's table of server habits is the one generated from the model's switches (pnpm habit-table)", () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  const start = readme.indexOf("<!-- habit-table:start -->");
  const end = readme.indexOf("<!-- habit-table:end -->");
  expect(start, "README.md has no habit-table markers").toBeGreaterThan(-1);
  expect(cells(readme.slice(start, end))).toEqual(cells(habitTable()));
});
