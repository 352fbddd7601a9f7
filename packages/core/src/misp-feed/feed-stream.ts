import type { CollectionCursor } from "../checkpoint/types.js";
import { ConfigError } from "../errors/index.js";
import type { HttpClient } from "../http/index.js";
import { parseJsonSafely } from "../http/index.js";
import type { Logger } from "../logging/index.js";
import { conditionalGet } from "../source/http-settings.js";
import type { StixObject } from "../stix/types.js";
import type { AuthProvider } from "../taxii/auth.js";
import type { Page, PageSource } from "../taxii/page.js";
import { eventObjects, type MispEvent } from "./event-objects.js";

/** Where a feed stands: the manifest timestamp of every event delivered, and the event part-way through. */
interface FeedState {
  events: Record<string, string>;
  partial?: { uuid: string; timestamp: string; offset: number };
}

function stateOf(cursor: CollectionCursor): FeedState {
  const state = cursor.state as Partial<FeedState> | undefined;
  return {
    events: { ...(state?.events ?? {}) },
    ...(state?.partial ? { partial: state.partial } : {}),
  };
}

export interface MispFeedStreamOptions {
  url: string;
  http: HttpClient;
  auth: AuthProvider;
  retries: number;
  headers?: Record<string, string>;
  pageSize: number;
  logger: Logger;
}

/**
 * A MISP feed as one PageSource keyed by its URL. Reads `manifest.json`, then only the events whose manifest
 * `timestamp` is newer than the one delivered (new events, changed events), oldest first, each mapped to STIX
 * indicators (event-objects.ts). Pages hold at most page_size indicators; an event larger than a page spans pages,
 * and the cursor names the offset reached in it, so a restart resumes inside the event.
 */
export class MispFeedStream implements PageSource {
  readonly collection: string;

  constructor(private readonly options: MispFeedStreamOptions) {
    this.collection = options.url;
  }

  async *pages(start: CollectionCursor, signal?: AbortSignal): AsyncGenerator<Page> {
    const state = stateOf(start);
    const manifest = await this.json<Record<string, { timestamp?: string | number }>>(
      "manifest.json",
      signal,
    );
    const due = Object.entries(manifest)
      .map(([uuid, entry]) => ({ uuid, timestamp: String(entry?.timestamp ?? "") }))
      .filter(({ uuid, timestamp }) => state.events[uuid] !== timestamp)
      .sort((a, b) => Number(a.timestamp) - Number(b.timestamp) || a.uuid.localeCompare(b.uuid));
    let held: StixObject[] = [];
    let sequence = 0;
    const page = (more: boolean): Page => {
      const objects = held;
      held = [];
      return {
        collection: this.collection,
        objects,
        cursor: { state: JSON.parse(JSON.stringify(state)) as Record<string, unknown> },
        sequence: ++sequence,
        more,
        bytes: 0,
      };
    };
    for (const [index, { uuid, timestamp }] of due.entries()) {
      const resume =
        state.partial?.uuid === uuid && state.partial.timestamp === timestamp ? state.partial.offset : 0;
      const document = await this.json<{ Event?: MispEvent }>(`${uuid}.json`, signal);
      const { objects, skipped } = eventObjects(document.Event ?? {});
      if (skipped > 0)
        this.options.logger.info({ event: uuid, skipped }, "MISP attributes without a mapping");
      for (let offset = resume; offset < objects.length; offset++) {
        held.push(objects[offset] as StixObject);
        if (offset + 1 === objects.length) {
          state.events[uuid] = timestamp;
          delete state.partial;
        } else state.partial = { uuid, timestamp, offset: offset + 1 };
        if (held.length >= this.options.pageSize)
          yield page(offset + 1 < objects.length || index + 1 < due.length);
      }
      state.events[uuid] = timestamp;
      delete state.partial;
    }
    if (held.length > 0 || sequence === 0) yield page(false);
  }

  private async json<T>(name: string, signal?: AbortSignal): Promise<T> {
    const url = new URL(name, this.options.url).toString();
    const result = await conditionalGet(this.options.http, this.options.auth, {
      url,
      retries: this.options.retries,
      ...(this.options.headers ? { headers: this.options.headers } : {}),
      signal,
      logger: this.options.logger,
    });
    if (result.status !== "ok") throw new ConfigError(`GET ${url}: no content`, { code: "MISP_FEED_EMPTY" });
    try {
      return parseJsonSafely(result.response.text) as T;
    } catch {
      throw new ConfigError(`${url} is not JSON: is ${this.options.url} a MISP feed?`, {
        code: "MISP_FEED_NOT_JSON",
        details: { url },
      });
    }
  }
}
