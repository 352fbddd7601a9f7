import { execFileSync } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findInstalledPeer } from "@taxiway/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { runProcess, taxiway } from "./binary.js";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const KUBERNETES = join(REPO, "deploy/kubernetes");
const SYSTEMD = join(REPO, "deploy/systemd");
/** The oldest Kubernetes release the manifests promise to fit, and the newest kubernetes-validate ships. */
const KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"];

// biome-ignore lint/suspicious/noExplicitAny: Kubernetes objects are checked field by field below.
type Manifest = any;

async function yamlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .filter((name) => name.endsWith(".yaml") && !name.endsWith("kustomization.yaml"))
    .map((name) => join(dir, name))
    .sort();
}

async function manifests(): Promise<{ file: string; object: Manifest }[]> {
  const all: { file: string; object: Manifest }[] = [];
  for (const file of await yamlFiles(KUBERNETES))
    for (const document of parseAllDocuments(await readFile(file, "utf8")))
      all.push({ file: relative(REPO, file), object: document.toJS() });
  return all;
}

function podSpecs(objects: Manifest[]): { name: string; spec: Manifest }[] {
  return objects.flatMap((object) => {
    if (object.kind === "CronJob")
      return [{ name: object.metadata.name, spec: object.spec.jobTemplate.spec.template.spec }];
    if (object.kind === "Deployment")
      return [{ name: object.metadata.name, spec: object.spec.template.spec }];
    return [];
  });
}

/** The job files that ConfigMaps hold (`*.yaml` keys), by ConfigMap and key. */
function jobFiles(objects: Manifest[]): { configMap: string; key: string; text: string }[] {
  return objects
    .filter((object) => object.kind === "ConfigMap")
    .flatMap((object) =>
      Object.entries(object.data as Record<string, string>)
        .filter(([key]) => key.endsWith(".yaml"))
        .map(([key, text]) => ({ configMap: object.metadata.name as string, key, text })),
    );
}

const referencedVariables = (text: string) =>
  [...text.matchAll(/\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1] as string);

describe("deploy/kubernetes: starting points that a cluster accepts", () => {
  const kubernetesValidate = findInstalledPeer("kubernetes-validate-1.37.0", ".taxiway-installed");

  it.skipIf(typeof kubernetesValidate !== "string")(
    "every manifest validates, strictly, against the Kubernetes 1.30 and 1.37 schemas (kubernetes-validate)",
    async () => {
      const files = await yamlFiles(KUBERNETES);
      const resources = (await manifests()).length;
      for (const version of KUBERNETES_VERSIONS) {
        const result = await runProcess(join(kubernetesValidate as string, "bin/kubernetes-validate"), [
          "--strict",
          "--kubernetes-version",
          version,
          ...files,
        ]);
        expect(result.code, `${result.stdout}${result.stderr}`).toBe(0);
        expect(result.stdout.match(/ passed for resource /g)).toHaveLength(resources);
      }
    },
  );

  it("a kustomization lists exactly the manifests beside it", async () => {
    const dir = join(KUBERNETES, "serve");
    const kustomization = parseAllDocuments(
      await readFile(join(dir, "kustomization.yaml"), "utf8"),
    )[0]?.toJS();
    const beside = (await yamlFiles(dir)).map((file) => relative(dir, file)).sort();
    expect([...kustomization.resources].sort()).toEqual(beside);
  });

  it("runs as uid 10001 on a read-only root with no capabilities; a CronJob never overlaps itself", async () => {
    const objects = (await manifests()).map(({ object }) => object);
    const pods = podSpecs(objects);
    expect(pods.map(({ name }) => name).sort()).toEqual(["taxiway-partner-intel", "taxiway-serve"]);
    for (const { spec } of pods) {
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001 });
      for (const container of spec.containers)
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ["ALL"] },
        });
    }
    for (const cronJob of objects.filter((object) => object.kind === "CronJob"))
      expect(cronJob.spec.concurrencyPolicy).toBe("Forbid");
  });

  it("serve has liveness /healthz, readiness /readyz and a scraped metrics port behind a Service", async () => {
    const objects = (await manifests()).map(({ object }) => object);
    const deployment = objects.find((object) => object.kind === "Deployment");
    const [container] = deployment.spec.template.spec.containers;
    expect(container.args.slice(0, 2)).toEqual(["serve", "/etc/taxiway/jobs"]);
    expect(container.livenessProbe.httpGet).toEqual({ path: "/healthz", port: "metrics" });
    expect(container.readinessProbe.httpGet).toEqual({ path: "/readyz", port: "metrics" });
    const port = container.ports.find((entry: Manifest) => entry.name === "metrics").containerPort;
    expect(deployment.spec.template.metadata.annotations["prometheus.io/port"]).toBe(String(port));
    const service = objects.find((object) => object.kind === "Service");
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
    expect(service.spec.ports[0].targetPort).toBe("metrics");
  });

  it("the job files in the ConfigMaps pass `taxiway validate`, write only under /data, and get every secret they name", async () => {
    const objects = (await manifests()).map(({ object }) => object);
    const jobs = jobFiles(objects);
    expect(jobs.length).toBeGreaterThanOrEqual(3);
    const secretKeys = new Set(
      objects
        .filter((object) => object.kind === "Secret")
        .flatMap((object) => Object.keys(object.stringData ?? {})),
    );
    const dir = await mkdtemp(join(tmpdir(), "taxiway-deploy-jobs-"));
    for (const job of jobs) {
      const path = join(dir, `${job.configMap}-${job.key}`);
      await writeFile(path, job.text);
      const variables = referencedVariables(job.text);
      const env = Object.fromEntries(variables.map((name) => [name, "placeholder"]));
      const result = await taxiway(["validate", path], { env });
      expect(result.code, `${job.configMap}/${job.key}: ${result.stderr}`).toBe(0);
      const parsed = parseAllDocuments(job.text)[0]?.toJS();
      for (const written of [parsed.checkpoint?.path, parsed.dead_letter?.path])
        expect(written, `${job.configMap}/${job.key}`).toMatch(/^\/data\//);

      const pod = podSpecs(objects).find(({ spec }) =>
        spec.volumes.some((volume: Manifest) => volume.configMap?.name === job.configMap),
      );
      const [container] = pod?.spec.containers ?? [];
      const provided = new Set<string>(container.env?.map((entry: Manifest) => entry.name) ?? []);
      if (container.envFrom?.some((source: Manifest) => source.secretRef))
        for (const key of secretKeys) provided.add(key);
      for (const name of variables)
        expect(provided, `${job.configMap}/${job.key} needs ${name}`).toContain(name);
    }
  });
});

function systemdAnalyzeMissing(): string | undefined {
  try {
    execFileSync("systemd-analyze", ["--version"], { stdio: "ignore" });
    return undefined;
  } catch {
    return "systemd-analyze is not installed (apt-get install systemd)";
  }
}
const noSystemdAnalyze = systemdAnalyzeMissing();
if (noSystemdAnalyze && process.env.CI === "true")
  throw new Error(`the systemd unit test cannot run under CI: ${noSystemdAnalyze}`);
if (noSystemdAnalyze) console.warn(`skipping the systemd unit test: ${noSystemdAnalyze}`);

describe.skipIf(noSystemdAnalyze !== undefined)("deploy/systemd", () => {
  it("the units pass `systemd-analyze verify` without a warning (a root with the units and /usr/local/bin/taxiway)", async () => {
    const root = await mkdtemp(join(tmpdir(), "taxiway-systemd-root-"));
    await mkdir(join(root, "usr/local/bin"), { recursive: true });
    await mkdir(join(root, "usr/lib/systemd"), { recursive: true });
    await mkdir(join(root, "etc/systemd"), { recursive: true });
    await mkdir(join(root, "bin"), { recursive: true });
    await writeFile(join(root, "usr/local/bin/taxiway"), "#!/bin/sh\n");
    await chmod(join(root, "usr/local/bin/taxiway"), 0o755);
    await cp("/bin/kill", join(root, "bin/kill"));
    await cp("/usr/lib/systemd/system", join(root, "usr/lib/systemd/system"), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await cp(SYSTEMD, join(root, "etc/systemd/system"), { recursive: true });
    const units = ["taxiway@partner-intel.service", "taxiway@partner-intel.timer", "taxiway-serve.service"];
    const result = await runProcess("systemd-analyze", ["verify", `--root=${root}`, ...units]);
    expect(result.code, result.stderr).toBe(0);
    expect(`${result.stdout}${result.stderr}`).toBe("");
  });
});
