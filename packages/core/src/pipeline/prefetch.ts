/**
 * Iterates `source` while fetching up to `ahead` items in advance, so the network and the sinks overlap.
 * Memory stays bounded by `ahead + 1` items. `ahead = 0` is plain sequential iteration.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, ahead: number): AsyncIterable<T> {
  if (ahead <= 0) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  const queue: Array<Promise<IteratorResult<T>>> = [];
  const fill = () => {
    while (queue.length < ahead + 1) queue.push(iterator.next());
  };
  try {
    fill();
    while (true) {
      const result = await (queue.shift() as Promise<IteratorResult<T>>);
      if (result.done) return;
      fill();
      yield result.value;
    }
  } finally {
    // Settle what is in flight so no fetch outlives the run, then close the source.
    await Promise.allSettled(queue);
    await iterator.return?.();
  }
}
