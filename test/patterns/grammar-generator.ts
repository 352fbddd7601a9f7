import fc from "fast-check";

// Patterns drawn from the STIX 2.1 patterning grammar (STIXPattern.g4 of the OASIS validator, the spec's
// normative grammar), rule by rule, plus a share of near misses: the differential test feeds both to the OASIS
// validator and to taxiway, which must agree on every one of them.

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

/** WS of the grammar (ASCII and Unicode blanks) and the comments it skips. */
const gap = fc.oneof(
  { weight: 12, arbitrary: fc.constant(" ") },
  { weight: 1, arbitrary: pick("\t", "\n", "\u00a0", "\u2003", "\u3000", "  ", "\r\n") },
  { weight: 1, arbitrary: pick(" /* c */ ", "/**/", " // line\n") },
);
const optionalGap = fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: gap });

const objectType = pick(
  "ipv4-addr",
  "domain-name",
  "url",
  "file",
  "email-message",
  "x-acme-widget",
  "x_custom",
  "Custom-Type",
  "email",
  "win-registry-key",
);
const identifier = pick("value", "name", "size", "x_score", "created", "key", "body_raw_ref", "Mixed_Case");
const quotedName = pick("'SHA-256'", "'user-agent'", "'with space'", "'a.b'");
const pathStep = fc.oneof(
  { weight: 4, arbitrary: identifier.map((name) => `.${name}`) },
  { weight: 1, arbitrary: quotedName.map((name) => `.${name}`) },
  { weight: 1, arbitrary: pick("[*]", "[0]", "[3]") },
);
const objectPath = fc
  .tuple(objectType, fc.oneof(identifier, quotedName), fc.array(pathStep, { maxLength: 2 }))
  .map(([type, first, rest]) => `${type}:${first}${rest.join("")}`);

const stringLiteral = pick("'a'", "''", "'it\\'s'", "'back\\\\slash'", "'198.51.100.1'", "'évil.example'");
const intLiteral = pick("0", "7", "-3", "+12", "1024");
const floatLiteral = pick(".5", "0.25", "-1.5", "+2.0", "10.75");
const timestamp = pick(
  "t'2016-06-01T00:00:00Z'",
  "t'2016-12-31T23:59:60Z'",
  "t'2024-02-30T12:00:00.123Z'",
  "t'2026-01-01T00:00:00.5Z'",
);
const orderable = fc.oneof(
  stringLiteral,
  intLiteral,
  floatLiteral,
  timestamp,
  pick("h'0aff'", "h''", "b'YWJj'", "b'YQ=='"),
);
const primitive = fc.oneof(
  { weight: 5, arbitrary: orderable },
  { weight: 1, arbitrary: pick("true", "false") },
);
const not = fc.oneof(
  { weight: 4, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.constant("NOT ") },
);

const comparison = fc
  .oneof(
    { weight: 6, arbitrary: fc.tuple(objectPath, not, pick("=", "!=", "==", "<>"), primitive) },
    { weight: 2, arbitrary: fc.tuple(objectPath, not, pick("<", ">", "<=", ">="), orderable) },
    {
      weight: 1,
      arbitrary: fc.tuple(
        objectPath,
        not,
        fc.constant("IN"),
        fc.array(primitive, { minLength: 0, maxLength: 3 }).map((values) => `(${values.join(", ")})`),
      ),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(
        objectPath,
        not,
        pick("LIKE", "MATCHES"),
        pick("'%.exe'", "'^evil'", "'(?i)virus\\\\.exe'", "'.+\\\\@example\\\\.com$'", "'a{1,'"),
      ),
    },
    { weight: 1, arbitrary: fc.tuple(objectPath, not, pick("ISSUBSET", "ISSUPERSET"), pick("'10.0.0.0/8'")) },
  )
  .map(([path, negation, operator, value]) => `${path} ${negation}${operator} ${value}`);
const exists = fc.tuple(not, objectPath).map(([negation, path]) => `${negation}EXISTS ${path}`);

const { comparisonExpression } = fc.letrec<{ comparisonExpression: string; comparisonTerm: string }>(
  (tie) => ({
    comparisonExpression: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      tie("comparisonTerm"),
      fc
        .tuple(tie("comparisonTerm"), pick("AND", "OR"), tie("comparisonExpression"), gap)
        .map(([left, op, right, space]) => `${left}${space}${op}${space}${right}`),
    ),
    comparisonTerm: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      comparison,
      comparison,
      exists,
      tie("comparisonExpression").map((inner) => `(${inner})`),
    ),
  }),
);

const qualifier = pick(
  " WITHIN 5 SECONDS",
  " WITHIN .5 SECONDS",
  " WITHIN 5SECONDS",
  " WITHIN 0.25 SECONDS",
  " REPEATS 3 TIMES",
  " START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'",
  " START t'2016-07-01T00:00:00Z' STOP t'2016-06-01T00:00:00Z'",
);

const { pattern } = fc.letrec<{ pattern: string; observation: string }>((tie) => ({
  pattern: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    tie("observation"),
    fc
      .tuple(tie("observation"), pick("AND", "OR", "FOLLOWEDBY"), tie("pattern"), gap)
      .map(([left, op, right, space]) => `${left}${space}${op}${space}${right}`),
  ),
  observation: fc
    .tuple(
      fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        fc.tuple(optionalGap, comparisonExpression).map(([space, inner]) => `[${space}${inner}${space}]`),
        tie("pattern").map((inner) => `(${inner})`),
      ),
      fc.array(qualifier, { maxLength: 2 }),
    )
    .map(([observation, qualifiers]) => observation + qualifiers.join("")),
}));

/** Near misses: what a hand or a converter gets wrong around the grammar's edges. */
const mutation = pick<(text: string) => string>(
  (text) => text.replace(/ = /, " = 01 AND x:y = "),
  (text) => text.replace("]", "] WITHIN 5 SECONDS WITHIN 6 SECONDS"),
  (text) => text.replace("]", "] REPEATS 2 TIMES REPEATS 2 TIMES"),
  (text) => text.replace("[", "[x:y = b'' AND "),
  (text) => text.replace("[", "[x:y = 1. AND "),
  (text) => text.slice(0, -1),
  (text) => text.replace(/AND|OR/, (op) => op.toLowerCase()),
  (text) => text.replace("[", "[/* unterminated "),
  (text) => text.replace("[", "[true:value = 'x' AND "),
  (text) => text.replace("[", "[a-:b = 1 AND "),
);

/** Grammatical patterns (about 80%) and near misses, from a fixed seed. */
export function generatedPatterns(count: number, seed: number): string[] {
  const arbitrary = fc.oneof(
    { weight: 4, arbitrary: pattern },
    { weight: 1, arbitrary: fc.tuple(pattern, mutation).map(([text, mutate]) => mutate(text)) },
  );
  return fc.sample(arbitrary, { seed, numRuns: count });
}
