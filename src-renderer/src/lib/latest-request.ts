/** The state of a request that follows a changing question (see LatestRequest). */
export type Latest<T> =
  { status: 'idle' } | { status: 'loading'; key: string } | { status: 'ready'; key: string; value: T } | { status: 'error'; key: string; message: string };

/**
 * Asks for the answer to the latest of a changing question, `delayMs` after the last change (a request
 * per keystroke would flood the host), and drops any answer to a question that is no longer the latest.
 * `set` receives each new state; the owner keeps it in its own reactive field.
 */
export class LatestRequest<T> {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = ''; // the latest key asked; '' while idle

  constructor(
    private readonly delayMs: number,
    private readonly set: (state: Latest<T>) => void,
    private readonly describe: (err: unknown) => string,
  ) {}

  /** Nothing to ask: idle, and any answer still to come is dropped. */
  clear(): void {
    clearTimeout(this.#timer);
    this.#asked = '';
    this.set({ status: 'idle' });
  }

  /** Asks `fetch` for `key` (not empty); the key asked last, asked again, changes nothing. */
  ask(key: string, fetch: () => Promise<T>): void {
    if (key === this.#asked) return;
    clearTimeout(this.#timer);
    this.#asked = key;
    this.set({ status: 'loading', key });
    this.#timer = setTimeout(async () => {
      try {
        const value = await fetch();
        if (this.#asked === key) this.set({ status: 'ready', key, value });
      } catch (err) {
        if (this.#asked === key) this.set({ status: 'error', key, message: this.describe(err) });
      }
    }, this.delayMs);
  }
}
