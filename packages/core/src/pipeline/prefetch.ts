/**
 * Iterates `source` while fetching up to `ahead` items in advance, so the network and the sinks overlap.
 * Memory stays bounded by `ahead + 1` items. `ahead = 0` is plain sequential iteration. A fetch that fails ahead of
 * time is held, not left unhandled: its error is thrown in order, when the consumer reaches the item it belongs to.
 */
export async function* prefetch<T>(source: AsyncIterable<T>, ahead: number): AsyncIterable<T> {
  if (ahead <= 0) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  const queue: Array<Promise<IteratorResult<T>>> = [];
  // Requests outstanding: the item the consumer waits for plus `ahead`; while it holds an item, `ahead`.
  const fill = (outstanding: number) => {
    while (queue.length < outstanding) {
      const next = iterator.next();
      // Marks the rejection handled now; the same promise is awaited (and throws) when its turn comes.
      next.catch(() => {});
      queue.push(next);
    }
  };
  try {
    fill(ahead + 1);
    while (true) {
      const result = await (queue.shift() as Promise<IteratorResult<T>>);
      if (result.done) return;
      fill(ahead);
      yield result.value;
    }
  } finally {
    // Settle what is in flight so no fetch outlives the run, then close the source.
    await Promise.allSettled(queue);
    await iterator.return?.();
  }
}

/**
 * Applies `transform` to each item of `source` as it is pulled, in order. With `prefetch` around it, the transform of
 * the next item runs while the consumer still waits on the current one. The source item is released before the
 * result is yielded, so only the transformed item stays alive while the consumer holds it.
 */
export async function* mapEach<T, U>(source: AsyncIterable<T>, transform: (item: T) => U): AsyncIterable<U> {
  const iterator = source[Symbol.asyncIterator]();
  try {
    for (;;) {
      let step: IteratorResult<T> | undefined = await iterator.next();
      if (step.done) return;
      const result = transform(step.value);
      step = undefined;
      yield result;
    }
  } finally {
    await iterator.return?.();
  }
}
