import {
  allFailed,
  type CheckResult,
  compareTimestamps,
  createTaxiiClient,
  delivered,
  findCollection,
  type HttpClient,
  type IocRecord,
  isRetryable,
  objectKey,
  permanent,
  permanentError,
  type RecordOutcome,
  type Sink,
  type SinkContext,
  type StixObject,
  sleep,
  type TaxiiClient,
  TaxiwayError,
  transientError,
  type WriteResult,
} from "@taxiway/core";
import type { TaxiiSinkConfig } from "./config.js";
import { envelopes } from "./envelopes.js";
import { indicatorFromRecord } from "./rebuild.js";

interface StatusEntry {
  id?: string;
  version?: string;
  message?: string;
}
interface StatusResource {
  id?: string;
  status?: string;
  failures?: StatusEntry[];
  pendings?: StatusEntry[];
}

const STATUS_POLLS = 60;

interface Target {
  client: TaxiiClient;
  http: HttpClient;
  apiRootUrl: string;
  collectionUrl: string;
  maxContentLength: number;
}

/**
 * Publishes to a TAXII 2.1 collection with `POST …/objects/` (TAXII 2.1 §5.5): the page's original STIX objects
 * that the written records came from (handed over by the runner through `stageObjects`), with the identities and
 * marking definitions they reference; an indicator rebuilt from the record when there is no original (a source that
 * is not STIX). Envelopes stay under the API root's max_content_length and `max_objects_per_request`. Each POST's
 * status resource is polled until `complete`; an object in `failures` makes its records permanent failures
 * (dead-lettered). A re-POST of the same id and `modified` is one version to the server: replays are harmless.
 */
export class TaxiiSink implements Sink {
  readonly type = "taxii";
  #target?: Promise<Target>;
  /** The current page's objects by id (latest version staged). */
  #page = new Map<string, StixObject>();
  /** Identities and marking definitions seen so far, by id: what a relayed object may reference. */
  readonly #context = new Map<string, StixObject>();

  constructor(
    private readonly config: TaxiiSinkConfig,
    private readonly sinkContext: SinkContext,
  ) {}

  #connect(): Promise<Target> {
    this.#target ??= (async () => {
      const { client, http } = createTaxiiClient(
        { ...this.config, type: "taxii", version: "2.1" },
        { logger: this.sinkContext.logger, signal: this.sinkContext.signal },
      );
      try {
        const { apiRootUrl } = await client.resolveApiRoot(this.config.url);
        const root = await client.apiRoot(apiRootUrl);
        const info = findCollection(this.config.collection, await client.collections(apiRootUrl), apiRootUrl);
        if (info.can_write === false)
          throw permanentError(
            `collection '${this.config.collection}' at ${apiRootUrl} is not writable with these credentials (can_write: false)`,
            { code: "TAXII_COLLECTION_NOT_WRITABLE" },
          );
        return {
          client,
          http,
          apiRootUrl,
          collectionUrl: `${apiRootUrl}collections/${encodeURIComponent(info.id)}/`,
          maxContentLength: root.max_content_length ?? 10 * 1024 * 1024,
        };
      } catch (error) {
        await http.close();
        this.#target = undefined;
        throw error;
      }
    })();
    return this.#target;
  }

  async check(): Promise<CheckResult> {
    try {
      const target = await this.#connect();
      return { ok: true, message: `TAXII collection ${target.collectionUrl} writable` };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }

  async open(): Promise<void> {
    await this.#connect();
  }

  /** The decoded objects of the page about to be written (the runner calls this before `write`). */
  stageObjects(objects: readonly StixObject[]): void {
    this.#page = new Map();
    for (const object of objects) {
      if (object.type === "identity" || object.type === "marking-definition")
        this.#context.set(object.id, object);
      this.#page.set(object.id, object);
    }
  }

  async write(records: readonly IocRecord[]): Promise<WriteResult> {
    const target = await this.#connect();
    const { objects, byRecord } = this.#objectsFor(records);
    const failed = new Map<string, string>();
    try {
      const split = envelopes(objects, target.maxContentLength, this.config.max_objects_per_request ?? 100);
      for (const object of split.tooLarge)
        failed.set(
          objectKey(object),
          `larger than the server's max_content_length (${target.maxContentLength} bytes)`,
        );
      for (const envelope of split.envelopes)
        for (const failure of await this.#post(target, envelope)) failed.set(failure.key, failure.message);
    } catch (error) {
      const retryable = isRetryable(error);
      const facts = { code: error instanceof TaxiwayError ? error.code : "TAXII_POST_FAILED" };
      const message = `POST to ${target.collectionUrl} failed: ${(error as Error).message}`;
      return allFailed(
        records.length,
        retryable ? transientError(message, facts) : permanentError(message, facts),
      );
    }
    const outcomes: RecordOutcome[] = records.map((_record, index) => {
      const key = byRecord[index];
      if (key === undefined)
        return permanent(
          permanentError("the record has no STIX object or pattern to publish", {
            code: "TAXII_NOTHING_TO_SEND",
          }),
        );
      const reason = failed.get(key);
      return reason === undefined
        ? delivered()
        : permanent(permanentError(`the server refused ${key}: ${reason}`, { code: "TAXII_OBJECT_REFUSED" }));
    });
    return { outcomes };
  }

  /** The objects to send for these records (originals, their references, or rebuilt indicators), each version once. */
  #objectsFor(records: readonly IocRecord[]): { objects: StixObject[]; byRecord: Array<string | undefined> } {
    const chosen = new Map<string, StixObject>();
    const add = (object: StixObject) => chosen.set(objectKey(object), object);
    const byRecord = records.map((record) => {
      const object = this.#page.get(record.stix_id) ?? indicatorFromRecord(record);
      if (!object) return undefined;
      for (const ref of references(object)) {
        const referenced = this.#context.get(ref);
        if (referenced) add(referenced);
      }
      add(object);
      return objectKey(object);
    });
    return { objects: [...chosen.values()], byRecord };
  }

  /** POSTs one envelope and polls its status until complete; returns the objects the server refused. */
  async #post(target: Target, objects: StixObject[]): Promise<Array<{ key: string; message: string }>> {
    let status = (await target.client.addObjects(target.collectionUrl, objects)) as StatusResource;
    for (let poll = 0; status.status !== "complete"; poll++) {
      if (poll >= STATUS_POLLS || !status.id)
        throw transientError(
          `status ${status.id ?? "(no id)"} still ${status.status ?? "unknown"} after ${poll} polls`,
          {
            code: "TAXII_STATUS_PENDING",
          },
        );
      await sleep(Math.min(2000, 100 * 2 ** poll), this.sinkContext.signal);
      status = (await target.client.status(target.apiRootUrl, status.id)) as StatusResource;
    }
    const refused: Array<{ key: string; message: string }> = [];
    for (const failure of status.failures ?? [])
      if (!(await this.#alreadyHeld(target, failure)))
        refused.push({
          key: `${failure.id ?? "?"}@${failure.version ?? ""}`,
          message: failure.message ?? "refused",
        });
    return refused;
  }

  /**
   * A failure for a version the collection already holds is a replay, not a refusal: servers (medallion) refuse a
   * second POST of the same id and `modified`. Asked of the server (`…/objects/{id}/versions/`, TAXII 2.1 §5.8).
   */
  async #alreadyHeld(target: Target, failure: StatusEntry): Promise<boolean> {
    if (!failure.id || !failure.version) return false;
    const versions = await target.client.versions(target.collectionUrl, failure.id).catch(() => []);
    return versions.some((version) => compareTimestamps(version, failure.version as string) === 0);
  }

  async flush(): Promise<unknown> {
    return undefined;
  }

  async close(): Promise<void> {
    const target = this.#target;
    this.#target = undefined;
    if (target) await (await target.catch(() => undefined))?.http.close();
  }
}

/** The ids an object references that a receiver needs alongside it: its creator and its markings. */
function references(object: StixObject): string[] {
  const refs: string[] = [];
  if (typeof object.created_by_ref === "string") refs.push(object.created_by_ref);
  if (Array.isArray(object.object_marking_refs))
    for (const ref of object.object_marking_refs) if (typeof ref === "string") refs.push(ref);
  return refs;
}
