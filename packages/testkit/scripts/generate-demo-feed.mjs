#!/usr/bin/env node
// Writes fixtures/demo-feed.json (a STIX 2.1 bundle) and fixtures/demo-feed.expected.json (what a correct
// extractor yields from it, counted by construction). Seeded: rerunning it gives identical bytes.
import { writeFileSync } from "node:fs";

let seed = 0x7a71;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n) => Math.floor(random() * n);
const pick = (list) => list[int(list.length)];
const hex = (length) => Array.from({ length }, () => "0123456789abcdef"[int(16)]).join("");
function uuid() {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${"89ab"[int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const TLP1 = {
  white: "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
  green: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
  amber: "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
  red: "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
};
const TLP2 = {
  clear: "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
  green: "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
  amber: "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
  "amber+strict": "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003",
  red: "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
};
const IDENTITY = "identity--b3bca3c2-1f3d-4b54-b44f-dac42c3a8f01";
const objects = [];
const expected = {
  indicators: 0,
  iocs: 0,
  byType: {},
  upserts: 0,
  deletes: 0,
  expired: 0,
  nonAtomic: 0,
  rules: 0,
  deadLetter: 0,
};
const count = (type, n = 1, { revoked = false, expired = false } = {}) => {
  expected.iocs += n;
  expected.byType[type] = (expected.byType[type] ?? 0) + n;
  if (revoked) expected.deletes += n;
  else expected.upserts += n;
  if (expired) expected.expired += n;
};

let clock = Date.UTC(2025, 10, 1);
const stamp = () => {
  clock += 60_000 + int(3_600_000);
  return new Date(clock).toISOString().replace(/Z$/, "Z");
};

objects.push({
  type: "identity",
  spec_version: "2.1",
  id: IDENTITY,
  created: "2025-11-01T00:00:00.000Z",
  modified: "2025-11-01T00:00:00.000Z",
  name: "taxiway demo feed",
  identity_class: "organization",
});
objects.push({
  type: "marking-definition",
  spec_version: "2.1",
  id: TLP2.amber,
  created: "2022-10-01T00:00:00.000Z",
  extensions: {
    "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {
      extension_type: "property-extension",
      tlp_2_0: "amber",
    },
  },
  name: "TLP:AMBER",
});
objects.push({
  type: "marking-definition",
  spec_version: "2.1",
  id: TLP1.green,
  created: "2017-01-20T00:00:00.000Z",
  definition_type: "tlp",
  name: "TLP:GREEN",
  definition: { tlp: "green" },
});

const ipv4 = () => `${1 + int(222)}.${int(256)}.${int(256)}.${1 + int(254)}`;
const ipv6 = () =>
  `2001:db8:${hex(4).replace(/^0+(?=.)/, "")}:${hex(4).replace(/^0+(?=.)/, "")}::${hex(3).replace(/^0+(?=.)/, "")}`;
const words = ["update", "secure", "login", "cdn", "mail", "files", "portal", "auth", "sync", "static"];
const tlds = ["com", "net", "org", "info", "xyz", "top", "ru", "io"];
const domain = () => `${pick(words)}-${pick(words)}${int(1000)}.${pick(tlds)}`;
const url = () => `https://${domain()}/${pick(words)}/${hex(8)}.php?id=${int(10000)}`;
const email = () => `${pick(words)}.${pick(words)}${int(100)}@${domain()}`;
const indicatorTypes = ["malicious-activity", "anomalous-activity", "compromised", "attribution"];

function indicator(name, pattern, extra = {}) {
  const created = stamp();
  const base = {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--${uuid()}`,
    created_by_ref: IDENTITY,
    created,
    modified: created,
    name,
    description: `Demo indicator: ${name}`,
    indicator_types: [pick(indicatorTypes)],
    pattern,
    pattern_type: "stix",
    pattern_version: "2.1",
    valid_from: created,
    labels: [pick(["c2", "phishing", "malware", "scanner", "botnet"])],
    confidence: pick([15, 40, 50, 75, 85, 100]),
  };
  const marking = int(4);
  if (marking === 1) base.object_marking_refs = [TLP2.amber];
  if (marking === 2) base.object_marking_refs = [TLP1.green];
  if (marking === 3) base.object_marking_refs = [TLP2.clear];
  const object = { ...base, ...extra };
  expected.indicators++;
  objects.push(object);
  return object;
}

// Simple equality patterns, one IOC each.
for (let i = 0; i < 90; i++) {
  const v = ipv4();
  indicator(`C2 address ${v}`, `[ipv4-addr:value = '${v}']`);
  count("ipv4");
}
for (let i = 0; i < 20; i++) {
  const v = ipv6();
  indicator(`IPv6 scanner ${v}`, `[ipv6-addr:value = '${v}']`);
  count("ipv6");
}
for (let i = 0; i < 70; i++) {
  const v = domain();
  indicator(`Phishing domain ${v}`, `[domain-name:value = '${v}']`);
  count("domain");
}
for (let i = 0; i < 45; i++) {
  const v = url();
  indicator(`Malware download ${i}`, `[url:value = '${v}']`);
  count("url");
}
for (let i = 0; i < 20; i++) {
  const v = email();
  indicator(`Phishing sender ${i}`, `[email-addr:value = '${v}']`);
  count("email");
}
for (let i = 0; i < 45; i++) {
  const [algo, length] = pick([
    ["MD5", 32],
    ["SHA-1", 40],
    ["SHA-256", 64],
  ]);
  indicator(`Malware sample ${i}`, `[file:hashes.'${algo}' = '${hex(length)}']`);
  count("file");
}
// One observation, AND on the same file: one IOC with two hashes, name and size.
for (let i = 0; i < 15; i++) {
  indicator(
    `Dropper ${i}`,
    `[file:hashes.'SHA-256' = '${hex(64)}' AND file:hashes.MD5 = '${hex(32)}' AND file:name = 'dropper${i}.exe' AND file:size = ${1024 + int(900000)}]`,
  );
  count("file");
}
// OR inside one observation: one IOC per side.
for (let i = 0; i < 15; i++) {
  indicator(`C2 pair ${i}`, `[ipv4-addr:value = '${ipv4()}' OR ipv4-addr:value = '${ipv4()}']`);
  count("ipv4", 2);
}
// Several observations: one IOC per observation.
for (let i = 0; i < 10; i++) {
  indicator(`Campaign infra ${i}`, `[domain-name:value = '${domain()}'] OR [url:value = '${url()}']`);
  count("domain");
  count("url");
}
// IN gives one IOC per member; CIDR values are type cidr.
for (let i = 0; i < 5; i++) {
  indicator(`Botnet nodes ${i}`, `[ipv4-addr:value IN ('${ipv4()}', '${ipv4()}', '${ipv4()}')]`);
  count("ipv4", 3);
}
for (let i = 0; i < 5; i++) {
  indicator(`Hosting range ${i}`, `[ipv4-addr:value = '${ipv4().replace(/\.\d+$/, ".0")}/24']`);
  count("cidr");
}
// Revoked: forwarded as deletions.
for (let i = 0; i < 12; i++) {
  const v = ipv4();
  indicator(`Retired C2 ${v}`, `[ipv4-addr:value = '${v}']`, { revoked: true });
  count("ipv4", 1, { revoked: true });
}
// Expired (valid_until in the past).
for (let i = 0; i < 10; i++) {
  const v = domain();
  indicator(`Expired domain ${v}`, `[domain-name:value = '${v}']`, {
    valid_until: "2025-12-31T00:00:00.000Z",
  });
  count("domain", 1, { expired: true });
}
// Not exact matches: reported as non-atomic, never IOCs.
for (let i = 0; i < 6; i++) {
  indicator(
    `Suspicious URL shape ${i}`,
    pick([
      `[url:value MATCHES '^https?://[a-z0-9-]+\\\\.${pick(tlds)}/${pick(words)}/']`,
      `[domain-name:value LIKE '%.${pick(words)}.${pick(tlds)}']`,
      `[file:size > ${100000 + int(10000)}]`,
    ]),
  );
  expected.nonAtomic++;
}
// Non-STIX patterns pass through as rule records.
indicator(
  "Snort: C2 beacon",
  'alert tcp any any -> any 443 (msg:"demo beacon"; content:"|de ad be ef|"; sid:1000001;)',
  { pattern_type: "snort", pattern_version: "2.9" },
);
count("rule");
expected.rules++;
indicator("YARA: demo dropper", 'rule demo_dropper { strings: $a = "taxiway-demo" condition: $a }', {
  pattern_type: "yara",
});
count("rule");
expected.rules++;
// Malformed: the dead-letter file gets each of these, with the reason.
for (const bad of [
  "[ipv4-addr:value = '10.0.0.1'",
  "[ipv4-addr:value = 10.0.0.2]",
  "ipv4-addr:value = '10.0.0.3'",
  "[domain-name:value = 'unterminated]",
  "[url:value = 'http://x.example/' AND]",
]) {
  indicator("Malformed pattern", bad);
  expected.deadLetter++;
}
for (const bad of ["999.1.2.3", "10.0.0", "not-an-ip"]) {
  indicator("Bad IPv4 value", `[ipv4-addr:value = '${bad}']`);
  expected.deadLetter++;
}
objects.push({
  spec_version: "2.1",
  id: `indicator--${uuid()}`,
  pattern: "[ipv4-addr:value = '10.9.9.9']",
  note: "no type",
});
objects.push({
  type: "indicator",
  spec_version: "2.1",
  pattern: "[ipv4-addr:value = '10.9.9.8']",
  note: "no id",
});
expected.deadLetter += 2;

// Other STIX objects: context only, except the SCO and the observed-data, which are IOCs too.
const malware = `malware--${uuid()}`;
const c = stamp();
objects.push({
  type: "malware",
  spec_version: "2.1",
  id: malware,
  created: c,
  modified: c,
  name: "DemoRAT",
  is_family: true,
  malware_types: ["remote-access-trojan"],
});
objects.push({
  type: "relationship",
  spec_version: "2.1",
  id: `relationship--${uuid()}`,
  created: c,
  modified: c,
  relationship_type: "indicates",
  source_ref: objects.find((o) => o.type === "indicator").id,
  target_ref: malware,
});
const sco = ipv4();
objects.push({ type: "ipv4-addr", spec_version: "2.1", id: `ipv4-addr--${uuid()}`, value: sco });
count("ipv4");
const od = stamp();
objects.push({
  type: "observed-data",
  spec_version: "2.1",
  id: `observed-data--${uuid()}`,
  created: od,
  modified: od,
  first_observed: od,
  last_observed: od,
  number_observed: 3,
  objects: { 0: { type: "domain-name", value: domain() } },
});
count("domain");

const bundle = { type: "bundle", id: "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", objects };
const root = new URL("../fixtures/", import.meta.url);
writeFileSync(new URL("demo-feed.json", root), `${JSON.stringify(bundle, null, 1)}\n`);
expected.objects = objects.length;
writeFileSync(new URL("demo-feed.expected.json", root), `${JSON.stringify(expected, null, 2)}\n`);
console.log(
  `demo feed: ${objects.length} objects, ${expected.indicators} indicators, ${expected.iocs} IOCs expected`,
);
