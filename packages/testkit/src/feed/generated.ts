import type { StixObject } from "@taxiway/core";

/** `count` distinct, realistic indicators (IPv4, domain, URL, SHA-256), deterministic for a given seed. */
export function generatedIndicators(count: number, seed = 1): StixObject[] {
  let state = seed >>> 0 || 1;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const hex = (n: number) => {
    let text = "";
    for (let i = 0; i < n; i++) text += "0123456789abcdef"[Math.floor(next() * 16)];
    return text;
  };
  const objects: StixObject[] = [];
  for (let i = 0; i < count; i++) {
    const created = new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString();
    const kind = i % 4;
    const pattern =
      kind === 0
        ? `[ipv4-addr:value = '${(i >>> 24) & 255 || 10}.${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}']`
        : kind === 1
          ? `[domain-name:value = 'host${i}.example.com']`
          : kind === 2
            ? `[url:value = 'https://host${i}.example.net/${hex(8)}']`
            : `[file:hashes.'SHA-256' = '${hex(64)}']`;
    objects.push({
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${i.toString(16).padStart(12, "0")}`,
      created,
      modified: created,
      name: `Generated indicator ${i}`,
      indicator_types: ["malicious-activity"],
      pattern,
      pattern_type: "stix",
      valid_from: created,
      labels: ["generated"],
      confidence: 50 + (i % 50),
    });
  }
  return objects;
}
