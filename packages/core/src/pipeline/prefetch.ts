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
    while (queue.length < ahead + 1) {
      const next = iterator.next();
      // A fetch that fails while an earlier page is being delivered must not reject unobserved (Node would end the
      // process); the failure surfaces in order, when the loop reaches that page.
      next.catch(() => undefined);
      queue.push(next);
    }
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
