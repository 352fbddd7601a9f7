import { HABIT_SWITCHES, type ServerHabits } from "./habits.js";

/** What each value of each switch of the model means, and what taxiway does about it (README's habit table). */
export const HABIT_RESPONSES: {
  [K in keyof ServerHabits]: Record<string, { habit: string; taxiway: string }>;
} = {
  pageCap: {
    any: {
      habit: "caps every page at its own size, whatever `limit` asks",
      taxiway:
        "follows `next`; when a page ends inside a tie block and no token helps, asks a wider `limit`, then walks the block by the manifest and `match[id]`",
    },
  },
  tokens: {
    fresh: {
      habit: "a new `next` token per page",
      taxiway: "follows it while each page brings a new set of objects",
    },
    reused: {
      habit: "one `next` token for the whole query, its position moving on (medallion)",
      taxiway: "follows it: a page of already-delivered objects still counts as progress when the set is new",
    },
    repeated: {
      habit: "the same token and the same page on every request",
      taxiway:
        "the repeat makes no progress: header cursor, then manifest, then a reported stall; never a loop",
    },
    cycling: { habit: "tokens that cycle A → B → A", taxiway: "ends the chain at the first repeated page" },
    expiring: {
      habit: "tokens refused (400/404/410) after a while",
      taxiway:
        "restarts from the committed cursor while restarts gain ground; else walks the block or stalls",
    },
    "stuck-fresh": {
      habit: "a fresh token on every page, always the same objects",
      taxiway: "same page set again: no progress, the chain ends",
    },
    "empty-fresh": {
      habit: "fresh tokens with empty pages and `more: true`",
      taxiway: "an empty page ends the chain (reported as a server habit)",
    },
    none: {
      habit: "`more: true` without a `next` token",
      taxiway: "pages by re-querying from X-TAXII-Date-Added-Last (or the manifest's date_added)",
    },
  },
  addedAfter: {
    exclusive: { habit: "`added_after` strictly after (the spec)", taxiway: "cursor strategy `header`" },
    inclusive: {
      habit: "`added_after` at or after",
      taxiway: "drops the repeats at the boundary timestamp (ids kept in the checkpoint)",
    },
    ignored: {
      habit: "`added_after` not applied",
      taxiway:
        "detected when older objects come back; cursor strategy `manifest`, or `seen-index` without a manifest",
    },
  },
  headers: {
    present: {
      habit: "X-TAXII-Date-Added-First/-Last with milliseconds",
      taxiway: "cursor strategy `header`",
    },
    odd: {
      habit: "date headers without fractions or with `+00:00`",
      taxiway: "compared as instants; sent back in the server's own form",
    },
    absent: {
      habit: "no date headers",
      taxiway: "cursor strategy `manifest` (date_added per object), or `seen-index` without a manifest",
    },
    garbage: {
      habit: "date headers that do not parse (`yesterday`)",
      taxiway:
        "never committed; reported as garbage (`server_habits.header-garbage`); strategy `manifest` or `seen-index`",
    },
    backwards: {
      habit: "X-TAXII-Date-Added-Last moving back in time",
      taxiway: "never committed (the cursor never moves back); reported; strategy `manifest` or `seen-index`",
    },
  },
  more: {
    honest: { habit: "`more` tells the truth", taxiway: "—" },
    early: {
      habit: "`more: false` while objects remain",
      taxiway:
        "a poll that delivered something re-queries once from the cursor, so it catches up in the same poll, re-reading only the boundary objects",
    },
    late: { habit: "`more: true` on the last page", taxiway: "the empty page after it ends the chain" },
  },
  rangePaging: {
    true: {
      habit: "TAXII 2.0: `Range: items a-b` paging",
      taxiway: "pages by Range offsets with `added_after` and the date headers",
    },
    false: { habit: "TAXII 2.1: `limit` / `next`", taxiway: "—" },
  },
  manifest: {
    true: {
      habit: "a manifest endpoint",
      taxiway: "used for date_added when headers fail, and to walk tie blocks",
    },
    false: { habit: "no manifest", taxiway: "falls back to the seen-index (SQLite, beside the checkpoint)" },
  },
};

/** The README's table of server habits, one row per value of each switch of the model. */
export function habitTable(): string {
  const rows = ["| switch | value | the server… | taxiway… |", "|---|---|---|---|"];
  for (const [name, values] of Object.entries(HABIT_SWITCHES) as Array<
    [keyof ServerHabits, readonly unknown[]]
  >) {
    const responses = HABIT_RESPONSES[name];
    const keys = name === "pageCap" ? ["any"] : values.map(String);
    for (const key of keys) {
      const response = responses[key];
      if (!response) throw new Error(`habit table: no response written for ${name}=${key}`);
      const value = name === "pageCap" ? values.join(", ") : key;
      rows.push(`| \`${name}\` | ${value} | ${response.habit} | ${response.taxiway} |`);
    }
  }
  return `${rows.join("\n")}\n`;
}
