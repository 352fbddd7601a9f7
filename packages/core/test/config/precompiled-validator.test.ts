// Issue 24: `taxiway validate` and `run` no longer compile the job schema at start-up; they load a validator ajv's
// standalone code generation wrote at build time. Every config error must read exactly as before, so the generated
// validator and the one compiled at run time must agree on every value, valid or not: checked here on a generated
// space of job configs (mutations of valid jobs: wrong types, missing and misspelt keys, bad formats, both auth
// branches, several sinks), with ajv's raw errors and the readable issues both compared.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  buildJobSchema,
  type JsonSchema,
  jobValidator,
  type PrecompiledValidators,
  type RawValidate,
  readableValidator,
  schemaKey,
} from "@taxiway/core";
import {
  compileValidator,
  configAjv,
  JOB_VALIDATOR_OPTIONS,
  precompiledValidatorModule,
} from "@taxiway/core/schema-compiler";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withVerboseFields } from "../../src/config/verbose-fields.js";

const RUNTIME = fileURLToPath(new URL("../../src/config/validator-runtime.ts", import.meta.url));

/** A sink connector schema with what the bundled ones use: required keys, enums, formats, secrets, a oneOf by type. */
const sinkSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["url", "index"],
  properties: {
    url: { type: "string", pattern: "^https?://" },
    index: { type: "string", minLength: 1 },
    flush_interval: { type: ["string", "number"], format: "duration" },
    max_bytes: { type: ["string", "number"], format: "size" },
    mode: { enum: ["append", "snapshot"] },
    columns: { type: "array", items: { enum: ["type", "value", "stix_id"] }, minItems: 1 },
    auth: {
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["type", "api_key"],
          properties: { type: { const: "api_key" }, api_key: { type: "string", "x-secret": true } },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["type", "username", "password"],
          properties: {
            type: { const: "basic" },
            username: { type: "string" },
            password: { type: "string", "x-secret": true },
          },
        },
      ],
    },
  },
};

const SCHEMAS: Record<string, JsonSchema> = {
  "one sink type": buildJobSchema([{ type: "search", configSchema: sinkSchema }]),
  "two sink types": buildJobSchema([
    { type: "search", configSchema: sinkSchema },
    {
      type: "file",
      configSchema: {
        type: "object",
        additionalProperties: false,
        required: ["path"],
        properties: { path: { type: "string" }, rotate: { type: "string", format: "size" } },
      },
    },
  ]),
  "no loadable sink": buildJobSchema([]),
};

const VALID_JOBS = [
  {
    name: "partner-intel",
    source: {
      type: "taxii",
      url: "https://taxii.example.com/taxii2/",
      collection: "iocs",
      auth: { type: "bearer", token: "t" },
      page_size: 1000,
    },
    checkpoint: { path: "./state/p.json" },
    interval: "15m",
    delivery: { commit_every: { pages: 4, interval: "5s" } },
    sinks: [
      { type: "search", url: "https://es:9200", index: "iocs", auth: { type: "api_key", api_key: "k" } },
      { type: "file", path: "./out.csv" },
    ],
  },
  {
    name: "bundle",
    source: { type: "stix-bundle", path: ["./intel/*.json"] },
    schedule: "*/15 * * * *",
    filters: { min_confidence: 50, max_tlp: "amber" },
    sinks: [{ type: "search", url: "http://es", index: "x", mode: "snapshot", columns: ["type"] }],
  },
  {
    name: "misp",
    source: { type: "misp-feed", url: "https://misp.example/feed/" },
    watch: { interval: "1m", listen: "127.0.0.1:9464" },
    sinks: [
      {
        type: "search",
        url: "https://es",
        index: "x",
        auth: { type: "basic", username: "u", password: "p" },
      },
    ],
  },
];

type Json = unknown;
type Path = (string | number)[];

/** Every path into a JSON value, the root included. */
function pathsOf(value: Json, at: Path = []): Path[] {
  const here = [at];
  if (Array.isArray(value)) return here.concat(...value.map((v, i) => pathsOf(v, [...at, i])));
  if (value && typeof value === "object")
    return here.concat(...Object.entries(value).map(([k, v]) => pathsOf(v, [...at, k])));
  return here;
}

const leaf = fc.oneof(
  fc.constantFrom("", "15m", "soon", "64mb", "huge", "*/5 * * * *", "bad cron", "http://x", "ftp://x", "csv"),
  fc.constantFrom("search", "file", "taxii", "bearer", "basic", "api_key", "jwt", "snapshot"),
  fc.integer({ min: -5, max: 200_000 }),
  fc.constantFrom(0.5, true, false, null),
  fc.constant([]),
  fc.constant({}),
  fc.constant({ type: "basic" }),
  fc.constant(["type", "nope"]),
);

type Mutation =
  | { kind: "set"; pick: number; value: Json }
  | { kind: "delete"; pick: number }
  | { kind: "add"; pick: number; key: string; value: Json };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), pick: fc.nat(), value: leaf }),
  fc.record({ kind: fc.constant("delete" as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant("add" as const),
    pick: fc.nat(),
    key: fc.constantFrom("pasword", "colection", "indx", "type", "extra", "interval", "schedule", "auth"),
    value: leaf,
  }),
);

function mutate(job: Json, mutations: Mutation[]): Json {
  let value = structuredClone(job);
  for (const m of mutations) {
    const paths = pathsOf(value);
    const path = paths[m.pick % paths.length] as Path;
    if (path.length === 0) {
      if (m.kind === "set") value = structuredClone(m.value);
      continue;
    }
    const parent = path.slice(0, -1).reduce<Json>((node, key) => (node as Record<string, Json>)[key], value);
    const key = path.at(-1) as string | number;
    if (m.kind === "set") (parent as Record<string | number, Json>)[key] = structuredClone(m.value);
    else if (m.kind === "delete") {
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete (parent as Record<string, Json>)[key as string];
    } else {
      const target = (parent as Record<string | number, Json>)[key];
      if (target && typeof target === "object" && !Array.isArray(target))
        (target as Record<string, Json>)[m.key] = structuredClone(m.value);
    }
  }
  return value;
}

const rawErrors = (validate: RawValidate, value: Json) => {
  validate(value);
  return (validate.errors ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({
    instancePath,
    schemaPath,
    keyword,
    params,
    message,
  }));
};

/** The fields ajv's `verbose` adds, of each error: as ajv wrote them, or as readableValidator adds them back. */
const verboseFields = (validate: RawValidate, value: Json, schema?: JsonSchema) => {
  validate(value);
  return (validate.errors ?? []).map((error) => {
    const full = schema ? withVerboseFields(error, schema, value) : error;
    return { keyword: full.keyword, schema: full.schema, parentSchema: full.parentSchema, data: full.data };
  });
};

let dir: string;
const generated = new Map<string, RawValidate>();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "taxiway-precompiled-"));
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    const file = join(dir, `${Object.keys(SCHEMAS).indexOf(name)}.mjs`);
    await writeFile(file, precompiledValidatorModule(schema, pathToFileURL(RUNTIME).href));
    const module = (await import(pathToFileURL(file).href)) as {
      validate: RawValidate;
      schemaKey: string;
      schemaText: string;
    };
    expect(module.schemaKey).toBe(schemaKey(schema));
    expect(module.schemaText).toBe(JSON.stringify(schema));
    // Generated without ajv's verbose fields: readableValidator adds them back (below: exactly as ajv writes them).
    expect(await readFile(file, "utf8")).not.toContain("parentSchema");
    generated.set(name, module.validate);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("the job validator generated at build time", () => {
  for (const name of Object.keys(SCHEMAS)) {
    it(`reports what the runtime-compiled one reports, raw and readable (${name})`, () => {
      const schema = SCHEMAS[name] as JsonSchema;
      const compiled = configAjv(JOB_VALIDATOR_OPTIONS).compile(schema) as RawValidate;
      const readable = compileValidator(schema);
      const precompiled = generated.get(name) as RawValidate;
      let invalid = 0;
      fc.assert(
        fc.property(
          fc.constantFrom(...VALID_JOBS),
          fc.array(mutation, { maxLength: 4 }),
          (job, mutations) => {
            const value = mutate(job, mutations);
            const expected = rawErrors(compiled, value);
            if (expected.length > 0) invalid++;
            expect(rawErrors(precompiled, value)).toEqual(expected);
            expect(verboseFields(precompiled, value, schema)).toEqual(verboseFields(compiled, value));
            expect(readableValidator(precompiled, schema)(value)).toEqual(readable(value));
          },
        ),
        { seed: 24, numRuns: 600 },
      );
      // The space is not trivially valid or trivially broken.
      expect(invalid).toBeGreaterThan(100);
    });
  }

  it("accepts the valid jobs the generator starts from (one sink type: their search sinks only)", () => {
    const precompiled = generated.get("two sink types") as RawValidate;
    for (const job of VALID_JOBS) expect(rawErrors(precompiled, job)).toEqual([]);
  });

  it("is looked up by a key that changes with the schema (here: a required key more) and not with a copy", () => {
    const schema = SCHEMAS["one sink type"] as JsonSchema;
    const changed = buildJobSchema([
      { type: "search", configSchema: { ...sinkSchema, required: ["url"] } as JsonSchema },
    ]);
    expect(schemaKey(changed)).not.toBe(schemaKey(schema));
    expect(schemaKey(structuredClone(schema))).toBe(schemaKey(schema));
  });

  it("is generated with ajv's verbose fields for a schema with $ref (they cannot be found from the root)", () => {
    const withRef = {
      type: "object",
      definitions: { name: { type: "string" } },
      properties: { name: { $ref: "#/definitions/name" } },
    } as JsonSchema;
    expect(() => precompiledValidatorModule(withRef, pathToFileURL(RUNTIME).href)).toThrow(/\$ref/);
    expect(precompiledValidatorModule(withRef, pathToFileURL(RUNTIME).href, { verbose: true })).toContain(
      "parentSchema",
    );
  });

  // Issue 24: the key is a short FNV-1a hash (no node:crypto at start-up), so it only finds a candidate: a validator
  // found under the key of a schema it was not generated from is not used, whatever the key says.
  it("is used only for the schema text it carries: a validator found under a colliding key is not used", async () => {
    const schema = SCHEMAS["one sink type"] as JsonSchema;
    const other = SCHEMAS["two sink types"] as JsonSchema;
    const acceptsAll: RawValidate = () => true;
    const lookups: string[] = [];
    const colliding: PrecompiledValidators = async (key) => {
      lookups.push(key);
      return { validate: acceptsAll, schemaText: JSON.stringify(other) };
    };
    const invalid = { name: "x" };
    expect(await jobValidator(schema, colliding).then((validate) => validate(invalid))).toEqual(
      compileValidator(schema)(invalid),
    );
    expect(lookups).toEqual([schemaKey(schema)]);
    const matching: PrecompiledValidators = async () => ({
      validate: acceptsAll,
      schemaText: JSON.stringify(schema),
    });
    expect(await jobValidator(schema, matching).then((validate) => validate(invalid))).toEqual([]);
  });
});
