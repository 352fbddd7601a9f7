import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ConfigError,
  ConnectorRegistry,
  cronSchedule,
  defineConnector,
  JobConfigError,
  jobSchedule,
  loadJobFile,
} from "@taxiway/core";
import { describe, expect, it } from "vitest";

const memorySink = defineConnector<Record<string, never>>({
  type: "memory",
  version: "1.0.0",
  coreVersion: "^0.1.0",
  configSchema: { type: "object", additionalProperties: false, properties: {} },
  create: () => {
    throw new Error("not used");
  },
});

async function load(extra: string) {
  const dir = await mkdtemp(join(tmpdir(), "taxiway-schedule-"));
  const path = join(dir, "job.yaml");
  await writeFile(
    path,
    `name: s\nsource: { type: taxii, url: "https://taxii.example.com/taxii2/", collection: c }\n${extra}sinks: [{ type: memory }]\n`,
  );
  return loadJobFile(path, { env: {}, registry: new ConnectorRegistry().register(memorySink as never) });
}

async function problemsOf(extra: string): Promise<string[]> {
  const error = await load(extra).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(JobConfigError);
  return (error as JobConfigError).problems.map((p) => `${p.path}: ${p.message} @${p.line}`);
}

const T0 = Date.parse("2026-01-01T00:00:00.000Z");

describe("job schedule keys (taxiway serve)", () => {
  it("accepts a cron schedule (5 fields, or 6 with seconds) and an interval", async () => {
    expect((await load(`schedule: "*/5 * * * *"\n`)).job.schedule).toBe("*/5 * * * *");
    expect((await load(`schedule: "*/1 * * * * *"\n`)).job.schedule).toBe("*/1 * * * * *");
    expect((await load("interval: 30s\n")).job.interval).toBe("30s");
  });

  it("a bad cron expression is a problem naming the key, its line and the form expected", async () => {
    expect(await problemsOf(`schedule: "61 * * * *"\n`)).toEqual([
      expect.stringMatching(/^schedule: must be a cron expression: 5 fields .* @3$/),
    ]);
  });

  it("schedule and interval together are refused, pointing at interval", async () => {
    expect(await problemsOf(`schedule: "* * * * *"\ninterval: 1m\n`)).toEqual([
      "interval: schedule and interval exclude each other: keep one @4",
    ]);
  });

  it("an interval that is not a duration is refused in words", async () => {
    expect(await problemsOf("interval: soon\n")).toEqual([
      expect.stringMatching(/^interval: must be a duration such as .* @3$/),
    ]);
  });
});

describe("jobSchedule", () => {
  it("cron: first and next runs are the expression's fire times in UTC; the period is the gap between two", () => {
    const schedule = cronSchedule("*/15 * * * *");
    expect(new Date(schedule.first(T0 + 1)).toISOString()).toBe("2026-01-01T00:15:00.000Z");
    expect(new Date(schedule.next(T0 + 15 * 60_000)).toISOString()).toBe("2026-01-01T00:30:00.000Z");
    expect(schedule.periodMs(T0)).toBe(15 * 60_000);
  });

  it("interval: the first run at once, then the interval after each run", () => {
    const schedule = jobSchedule({ name: "j", interval: "2m" });
    expect(schedule.kind).toBe("interval");
    expect(schedule.first(T0)).toBe(T0);
    expect(schedule.next(T0)).toBe(T0 + 120_000);
  });

  it("falls back to watch.interval, then 15m", () => {
    expect(jobSchedule({ name: "j", watch: { interval: "1m" } }).periodMs(T0)).toBe(60_000);
    expect(jobSchedule({ name: "j" }).periodMs(T0)).toBe(15 * 60_000);
  });

  it("an interval below 1s is a ConfigError naming the key", () => {
    expect(() => jobSchedule({ name: "j", interval: 0 })).toThrow(ConfigError);
    expect(() => jobSchedule({ name: "j", interval: 0 })).toThrow(
      /interval '0' must be a duration of at least 1s/,
    );
  });
});
