/** A MISP feed event as the feed serves it (`<uuid>.json` holds `{ Event: … }`). Written for taxiway's tests. */
export interface FixtureMispEvent {
  uuid: string;
  info: string;
  timestamp: string;
  date: string;
  Tag?: Array<{ name: string }>;
  Attribute: Array<Record<string, unknown>>;
  Object?: Array<{ name: string; Attribute: Array<Record<string, unknown>> }>;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, "0");
const uuidOf = (kind: number, n: number) => `${hex(kind, 8)}-0000-4000-8000-${hex(n, 12)}`;

/** Attribute kinds cycled through by the fixture events: type, value from an index, and to_ids. */
const KINDS: Array<{ type: string; value: (i: number) => string; to_ids: boolean }> = [
  { type: "ip-dst", value: (i) => `198.51.100.${i % 250}`, to_ids: true },
  { type: "domain", value: (i) => `c2-${i}.example.net`, to_ids: true },
  { type: "url", value: (i) => `https://dl-${i}.example.org/payload.bin`, to_ids: true },
  { type: "sha256", value: (i) => hex(i, 64), to_ids: true },
  { type: "filename|md5", value: (i) => `dropper-${i}.exe|${hex(i, 32)}`, to_ids: true },
  { type: "email-src", value: (i) => `phish-${i}@example.com`, to_ids: true },
  { type: "hostname", value: (i) => `host-${i}.example.com`, to_ids: false },
  { type: "text", value: (i) => `analyst note ${i}`, to_ids: false },
];

/**
 * `count` deterministic MISP events with `perEvent` attributes each (one in a MISP object), cycling through common
 * attribute types; event 0 is TLP:GREEN, the others TLP:AMBER, each with a free tag. Timestamps increase by event.
 */
export function mispFixtureEvents(count: number, perEvent = 8): FixtureMispEvent[] {
  return Array.from({ length: count }, (_, e) => {
    const timestamp = String(1767225600 + e * 60);
    const attributes = Array.from({ length: perEvent }, (_, a) => {
      const i = e * perEvent + a;
      const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
      return {
        uuid: uuidOf(0xa77, i),
        type: kind.type,
        category: "Network activity",
        value: kind.value(i),
        to_ids: kind.to_ids,
        timestamp,
        comment: `fixture attribute ${i}`,
      };
    });
    const [inObject, ...top] = attributes;
    return {
      uuid: uuidOf(0xe7e, e),
      info: `fixture event ${e}`,
      timestamp,
      date: "2026-01-01",
      Tag: [{ name: e === 0 ? "tlp:green" : "tlp:amber" }, { name: 'misp-galaxy:threat-actor="Fixture"' }],
      Attribute: top,
      Object: inObject ? [{ name: "file", Attribute: [inObject] }] : [],
    };
  });
}
