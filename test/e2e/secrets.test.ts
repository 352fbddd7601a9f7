import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTaxiiServer } from "@taxiway/testkit/fixtures";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ipv4Indicators } from "../support/objects.js";
import { taxiway } from "./binary.js";

const TOKEN = "tw-secret-4f9c1b2e77";
const PASSWORD = "hunter2-but-longer";
let server: Awaited<ReturnType<typeof startTaxiiServer>>;
let dir: string;

beforeAll(async () => {
  server = await startTaxiiServer({
    collections: [{ id: "c1", title: "Indicators", objects: ipv4Indicators(30) }],
    auth: { type: "bearer", token: TOKEN },
    defaultPageSize: 10,
  });
  dir = await mkdtemp(join(tmpdir(), "taxiway-secrets-"));
  await writeFile(join(dir, "password.txt"), `${PASSWORD}\n`);
});
afterAll(() => server.close());

async function job(name: string, token: string) {
  const path = join(dir, `${name}.yaml`);
  await writeFile(
    path,
    `name: ${name}
source:
  type: taxii
  url: ${server.url}
  collection: c1
  page_size: 10
  auth: { type: bearer, token: "${token}" }
  headers: { x-api-password: "\${file:password.txt}" }
sinks:
  - type: csv
    path: ./out/${name}.csv
`,
  );
  return path;
}

// The job files reference the token through interpolation, written literally here.
const TOKEN_REFERENCE = ["$", "{env:FEED_TOKEN}"].join("");

describe("secrets never reach any output", () => {
  for (const level of ["trace", "debug", "info", "warn", "error"]) {
    it(`at log level ${level}, on success and on failure, in text and JSON output`, async () => {
      const ok = await taxiway(
        ["run", await job(`ok-${level}`, TOKEN_REFERENCE), "--log-level", level, "--json"],
        {
          env: { FEED_TOKEN: TOKEN },
        },
      );
      expect(ok.code, ok.stderr).toBe(0);
      const denied = await taxiway(
        ["run", await job(`denied-${level}`, TOKEN_REFERENCE), "--log-level", level],
        {
          env: { FEED_TOKEN: `${TOKEN}-wrong` },
        },
      );
      expect(denied.code).toBe(2);
      expect(denied.stderr).toMatch(/TAXII 401/);
      for (const output of [ok.stdout, ok.stderr, denied.stdout, denied.stderr]) {
        expect(output).not.toContain(TOKEN);
        expect(output).not.toContain(PASSWORD);
        expect(output).not.toContain(Buffer.from(TOKEN).toString("base64"));
      }
    });
  }
});
