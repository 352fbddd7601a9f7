import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type ConnectorDescriptor, validateConnectorModule } from "@taxiway/core";
import { afterAll, describe, expect, it } from "vitest";
import { runSinkConformance } from "../../src/index.js";

// `pnpm create-connector NAME` into a temp dir; the generated connector must pass the kit out of the box.
const script = fileURLToPath(new URL("../../../../scripts/create-connector.mjs", import.meta.url));
const root = mkdtempSync(join(tmpdir(), "taxiway-create-connector-"));
const target = join(root, "taxiway-connector-probe-push");
execFileSync(process.execPath, [script, "probe-push", "--dir", target], { stdio: "pipe" });

const generated = (await import(pathToFileURL(join(target, "src/index.ts")).href)) as {
  connector: ConnectorDescriptor<{ url: string; token?: string; max_in_flight?: number }>;
};
interface GeneratedReceiver {
  url: string;
  token: string;
  held: Map<string, { key: string; modified?: string }>;
  close(): Promise<void>;
}
const { Receiver } = (await import(pathToFileURL(join(target, "test/receiver.ts")).href)) as {
  Receiver: { start(token: string): Promise<GeneratedReceiver> };
};
const receiver = await Receiver.start("generated-token-value");
afterAll(async () => {
  await receiver.close();
  rmSync(root, { recursive: true, force: true });
});

describe("create-connector", () => {
  it("generates a package named after the connector, with its tests", () => {
    const files = readdirSync(target, { recursive: true }).map(String).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "README.md",
        "src/index.ts",
        "src/sink.ts",
        "test/conformance.test.ts",
      ]),
    );
    const pkg = JSON.parse(readFileSync(join(target, "package.json"), "utf8")) as Record<string, unknown>;
    expect(pkg.name).toBe("taxiway-connector-probe-push");
    expect(readFileSync(join(target, "src/sink.ts"), "utf8")).toContain("export class ProbePushSink");
    expect(validateConnectorModule(generated, "generated").type).toBe("probe-push");
  });

  it("refuses a bad name and a non-empty directory", () => {
    const bad = spawnSync(process.execPath, [script, "Bad_Name", "--dir", join(root, "x")], {
      encoding: "utf8",
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("not a valid name");
    const again = spawnSync(process.execPath, [script, "probe-push", "--dir", target], { encoding: "utf8" });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain("not empty");
  });
});

await runSinkConformance({
  descriptor: generated.connector,
  config: (env) => ({ url: env.proxyUrl ?? receiver.url, token: receiver.token, max_in_flight: 2 }),
  badConfig: (env) => ({ url: env.proxyUrl ?? receiver.url, token: "wrong-token-value" }),
  readBack: async () => [...receiver.held.values()],
  reset: async () => receiver.held.clear(),
  secrets: ["token"],
  semantics: "keyed",
  http: { upstream: () => receiver.url, maxInFlight: 2 },
  memory: { records: 20_000 },
});
