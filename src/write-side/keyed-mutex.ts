/**
 * Serializes work per key inside this process (one stream = one key), so two requests on the same
 * stream never race each other to the store: in-process conflicts cost nothing, and the store's
 * expected-revision check is left to catch only writers in other processes.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      // Forget the key once nobody queues behind us, so the map does not grow with every stream ever seen.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
