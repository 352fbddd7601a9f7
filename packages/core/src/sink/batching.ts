export interface BatchLimits {
  /** Most items in one batch. */
  maxCount?: number;
  /** Most bytes in one batch, as measured by `sizeOf`. A single item larger than this gets a batch of its own. */
  maxBytes?: number;
}

/**
 * Cuts items into consecutive batches that respect both limits, preserving order.
 * `sizeOf` is called once per item (e.g. the length of its serialized form).
 */
export function* batchBy<T>(
  items: Iterable<T>,
  limits: BatchLimits,
  sizeOf: (item: T) => number = () => 0,
): Generator<T[]> {
  const maxCount = limits.maxCount ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  let batch: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = maxBytes === Number.POSITIVE_INFINITY ? 0 : sizeOf(item);
    if (batch.length > 0 && (batch.length >= maxCount || bytes + size > maxBytes)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(item);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}
