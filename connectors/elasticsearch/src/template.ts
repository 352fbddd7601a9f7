const keyword = { type: "keyword" };
const date = { type: "date" };

/** Index template: ECS mappings for what taxiway writes; the STIX source object under `taxiway` is not dynamically mapped. */
export function indexTemplate(
  index: string,
  options: { name?: string; priority?: number } = {},
): Record<string, unknown> {
  return {
    name: options.name ?? `taxiway-${index}`,
    // The exact index only: a wildcard would overlap the template of a second job writing `<index>-partner`.
    index_patterns: [index],
    priority: options.priority ?? 200,
    template: {
      settings: { number_of_replicas: 0, "index.mapping.total_fields.limit": 2000 },
      mappings: {
        dynamic: false,
        properties: {
          "@timestamp": date,
          tags: keyword,
          event: { properties: { kind: keyword, category: keyword, type: keyword } },
          related: { properties: { ip: { type: "ip" }, hash: keyword } },
          threat: {
            properties: {
              feed: { properties: { name: keyword, reference: keyword } },
              indicator: {
                properties: {
                  type: keyword,
                  name: keyword,
                  id: keyword,
                  description: { type: "text" },
                  provider: keyword,
                  reference: keyword,
                  confidence: keyword,
                  first_seen: date,
                  last_seen: date,
                  modified_at: date,
                  ip: { type: "ip" },
                  port: { type: "long" },
                  marking: { properties: { tlp: keyword, tlp_version: keyword } },
                  email: { properties: { address: keyword } },
                  as: { properties: { number: { type: "long" } } },
                  url: {
                    properties: {
                      full: keyword,
                      original: keyword,
                      domain: keyword,
                      scheme: keyword,
                      port: { type: "long" },
                      path: keyword,
                      query: keyword,
                      fragment: keyword,
                    },
                  },
                  file: {
                    properties: {
                      name: keyword,
                      path: keyword,
                      size: { type: "long" },
                      hash: {
                        properties: {
                          md5: keyword,
                          sha1: keyword,
                          sha256: keyword,
                          sha384: keyword,
                          sha512: keyword,
                          ssdeep: keyword,
                          tlsh: keyword,
                        },
                      },
                    },
                  },
                  registry: { properties: { hive: keyword, key: keyword, path: keyword, value: keyword } },
                  x509: {
                    properties: {
                      serial_number: keyword,
                      not_before: date,
                      not_after: date,
                      issuer: { properties: { distinguished_name: keyword } },
                      subject: { properties: { distinguished_name: keyword } },
                    },
                  },
                },
              },
            },
          },
          taxiway: {
            dynamic: false,
            properties: {
              key: keyword,
              ioc_type: keyword,
              value: keyword,
              action: keyword,
              revoked: { type: "boolean" },
              stix_id: keyword,
              collection: keyword,
              expires_at: date,
              valid_until: date,
              date_added: date,
              cidr: { type: "ip_range" },
            },
          },
        },
      },
    },
  };
}
