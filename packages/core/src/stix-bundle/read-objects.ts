import { createReadStream } from "node:fs";
import { ConfigError } from "../errors/index.js";
import { commonJsExports } from "../modules/index.js";
import type { StixObject } from "../stix/types.js";

/**
 * The elements of a bundle file's `objects` array (STIX 2.1 §8 bundle), in file order, parsed as the file streams
 * in: memory holds one read chunk's objects, never the bundle. A file that is not JSON throws ConfigError
 * BUNDLE_NOT_JSON naming the file.
 */
export async function* readBundleObjects(path: string, signal?: AbortSignal): AsyncGenerator<StixObject> {
  const { JSONParser } = commonJsExports<typeof import("@streamparser/json")>(
    await import("@streamparser/json"),
  );
  const parser = new JSONParser({ paths: ["$.objects.*"], keepStack: false });
  let ready: StixObject[] = [];
  let failure: Error | undefined;
  parser.onValue = ({ value }) => {
    ready.push(value as StixObject);
  };
  parser.onError = (error) => {
    failure = error;
  };
  const stream = createReadStream(path, { signal, highWaterMark: 256 * 1024 });
  const fail = (error: Error) =>
    new ConfigError(`${path} is not a JSON STIX bundle: ${error.message}`, {
      code: "BUNDLE_NOT_JSON",
      details: { path },
    });
  for await (const chunk of stream) {
    try {
      parser.write(chunk as Buffer);
    } catch (error) {
      throw fail(error as Error);
    }
    if (failure) throw fail(failure);
    const batch = ready;
    ready = [];
    yield* batch;
  }
  if (!parser.isEnded) {
    try {
      parser.end();
    } catch (error) {
      throw fail(error as Error);
    }
  }
  if (failure) throw fail(failure);
  yield* ready;
}
