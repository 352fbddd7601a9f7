import { readFileSync } from "node:fs";
import { Agent } from "undici";

/** TLS keys both Splunk sinks accept. */
export interface SplunkTls {
  ca_file?: string;
  insecure?: boolean;
}

export const tlsSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    ca_file: { type: "string", description: "PEM file with the CA to trust." },
    insecure: {
      type: "boolean",
      default: false,
      description: "Skip certificate verification (labs only).",
    },
  },
};

export const durationSchema = (description: string) => ({
  description,
  anyOf: [
    { type: "string", pattern: "^\\d+(\\.\\d+)?\\s*(ms|s|m|h)$" },
    { type: "number", minimum: 0 },
  ],
});

/** One keep-alive pool per sink, verifying TLS unless the job opts out. */
export function splunkAgent(maxInFlight: number, tls: SplunkTls | undefined): Agent {
  return new Agent({
    keepAliveTimeout: 10_000,
    connections: maxInFlight + 1,
    connect: {
      rejectUnauthorized: !(tls?.insecure ?? false),
      ...(tls?.ca_file ? { ca: readFileSync(tls.ca_file) } : {}),
    },
  });
}
