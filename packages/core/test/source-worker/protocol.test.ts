import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { extractFromObject } from "../../src/ioc/index.js";
import type { IocRecord } from "../../src/ioc/record.js";
import { RECORD_FIELDS } from "../../src/ioc/record-codec.js";
import type { PreparedPage } from "../../src/pipeline/page-stages.js";
import { decodePreparedPage, encodePreparedPage } from "../../src/source-worker/index.js";

const context = { feed: "feed", collection: "c", markings: new Map(), refang: true };

function indicator(pattern: string, index: number, extra: Record<string, unknown> = {}) {
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${index.toString(16).padStart(12, "0")}`,
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-02T00:00:00.000Z",
    pattern,
    pattern_type: "stix",
    valid_from: "2026-01-01T00:00:00Z",
    ...extra,
  };
}

function recordsOf(pattern: string, index: number, extra?: Record<string, unknown>): IocRecord[] {
  return extractFromObject(indicator(pattern, index, extra) as never, context).records;
}

function page(kept: IocRecord[]): PreparedPage {
  return {
    header: {
      collection: "c",
      cursor: { added_after: "2026-01-02T00:00:00.000Z" },
      sequence: 3,
      more: true,
      bytes: 9,
    },
    objectCount: kept.length + 1,
    kept,
    deadLetters: [
      {
        stage: "decode",
        code: "MISSING_ID",
        message: "the indicator object has no id",
        collection: "c",
        item: { type: "indicator" },
      },
    ],
    undecodable: 1,
    nonAtomic: 2,
    nonStandard: 0,
    issues: { REPEATED_PROPERTY: 1 },
    filtered: { expired: 4 },
  };
}

describe("records cross the thread boundary unchanged (source worker)", () => {
  it("RECORD_FIELDS lists every field of an extracted record, in the order extraction builds them", () => {
    const [record] = recordsOf("[ipv4-addr:value = '198.51.100.7']", 1);
    expect([...RECORD_FIELDS]).toEqual(Object.keys(record as IocRecord));
  });

  it("a prepared page (header, counts, dead letters, records) survives encode → transfer → decode", () => {
    const kept = [
      ...recordsOf(
        "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
        1,
      ),
      ...recordsOf("[url:value = 'hxxp://evil[.]example/a']", 2, { revoked: true }),
    ];
    const original = page(kept);
    expect(decodePreparedPage(encodePreparedPage(original))).toStrictEqual(original);
  });

  it("any text survives, lone surrogates and control characters included (fast-check, seed 24)", () => {
    const [template] = recordsOf("[domain-name:value = 'example.com']", 1);
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme" }), (name, description) => {
        const record = { ...(template as IocRecord), name, description, value: `${name}.example` };
        const back = decodePreparedPage(encodePreparedPage(page([record]))).kept[0];
        expect(back).toStrictEqual(record);
      }),
      { seed: 24, numRuns: 300 },
    );
  });
});
