// What the Live view remembers between sessions: the input device, the end-of-speech hangover and the
// speaker name recordings are saved under. Storage can be missing or refuse: then nothing is remembered.

export const HANGOVER_MS = { min: 100, max: 2000, default: 300 } as const;
export const DEFAULT_SPEAKER = 'me';
const KEYS = { device: 'ser-studio.live.device-id', hangover: 'ser-studio.live.hangover-ms', speaker: 'ser-studio.live.speaker' } as const;

/** A hangover the host accepts: whole ms within the bounds; anything unreadable is the default. */
export function clampHangover(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return HANGOVER_MS.default;
  return Math.min(HANGOVER_MS.max, Math.max(HANGOVER_MS.min, Math.round(n)));
}

type Store = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export class LiveMemory {
  constructor(private readonly storage: Store | undefined) {}

  #read(key: string): string | undefined {
    try {
      return this.storage?.getItem(key) ?? undefined;
    } catch {
      return undefined;
    }
  }

  #write(key: string, value: string | undefined): void {
    try {
      if (value === undefined || value === '') this.storage?.removeItem(key);
      else this.storage?.setItem(key, value);
    } catch {
      // Not remembered; the choice still holds until the page closes.
    }
  }

  get deviceId(): string | undefined {
    return this.#read(KEYS.device);
  }
  set deviceId(id: string | undefined) {
    this.#write(KEYS.device, id);
  }

  get hangoverMs(): number {
    const raw = this.#read(KEYS.hangover);
    return raw === undefined ? HANGOVER_MS.default : clampHangover(raw);
  }
  set hangoverMs(ms: number) {
    this.#write(KEYS.hangover, String(clampHangover(ms)));
  }

  get speaker(): string {
    return this.#read(KEYS.speaker)?.trim() || DEFAULT_SPEAKER;
  }
  set speaker(name: string) {
    this.#write(KEYS.speaker, name.trim());
  }
}
