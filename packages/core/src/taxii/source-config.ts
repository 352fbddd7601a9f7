import type { TlsOptions } from "../http/index.js";

export type TaxiiAuth =
  | { type: "none" }
  | { type: "bearer"; token: string }
  | { type: "basic"; username: string; password: string }
  | { type: "jwt"; login_url: string; username: string; password: string }
  | { type: "header"; name: string; value: string };

/** The job file's `source:` section, after interpolation. */
export interface TaxiiSourceConfig {
  type: "taxii";
  /** Discovery URL or an API-root URL. */
  url: string;
  collection?: string;
  collections?: string[];
  auth?: TaxiiAuth;
  page_size?: number;
  /** First run only: how far back to start (a duration). */
  initial_lookback?: string | number;
  /** First run only: start after this timestamp. */
  added_after?: string;
  version?: "auto" | "2.0" | "2.1";
  pagination?: "auto" | "next" | "header";
  tls?: TlsOptions;
  proxy?: string;
  timeouts?: {
    connect?: string | number;
    headers?: string | number;
    body?: string | number;
    /** Deadline of one request, from sending it to the last byte of the answer (default 10m). */
    request?: string | number;
    /** Deadline of one whole run; past it the run fails after its last committed page (default: none). */
    run?: string | number;
  };
  retries?: number;
  /** At most `requests` per `per` (a duration), for feeds that allow only a few requests a minute. */
  rate_limit?: { requests: number; per: string | number };
  max_response_bytes?: string | number;
  headers?: Record<string, string>;
  match?: { type?: string[]; id?: string[]; spec_version?: string[] };
}
