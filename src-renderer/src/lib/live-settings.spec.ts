import { describe, expect, it } from 'vitest';
import { clampHangover, DEFAULT_SPEAKER, HANGOVER_MS, LiveMemory } from './live-settings';

function memoryStore(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: () => null,
    get length() {
      return m.size;
    },
  };
}

describe('hangover', () => {
  it('clamps to the bounds the host accepts and rounds to whole ms', () => {
    expect(clampHangover(50)).toBe(HANGOVER_MS.min);
    expect(clampHangover(5000)).toBe(HANGOVER_MS.max);
    expect(clampHangover(450.6)).toBe(451);
    expect(clampHangover('700')).toBe(700);
    expect(clampHangover('abc')).toBe(HANGOVER_MS.default);
    expect(clampHangover(undefined)).toBe(HANGOVER_MS.default);
  });

  it('is remembered, and is the default when nothing (or garbage) was stored', () => {
    const store = memoryStore();
    const memory = new LiveMemory(store);
    expect(memory.hangoverMs).toBe(300);
    memory.hangoverMs = 800;
    expect(new LiveMemory(store).hangoverMs).toBe(800);
    store.setItem('ser-studio.live.hangover-ms', 'nonsense');
    expect(new LiveMemory(store).hangoverMs).toBe(300);
  });
});

describe('live memory', () => {
  it('remembers the device and the speaker; an empty speaker reads as the default', () => {
    const store = memoryStore();
    const memory = new LiveMemory(store);
    expect(memory.deviceId).toBeUndefined();
    expect(memory.speaker).toBe(DEFAULT_SPEAKER);
    memory.deviceId = 'usb-mic';
    memory.speaker = '  Ana  ';
    const again = new LiveMemory(store);
    expect(again.deviceId).toBe('usb-mic');
    expect(again.speaker).toBe('Ana');
    again.speaker = '   ';
    expect(again.speaker).toBe(DEFAULT_SPEAKER);
    again.deviceId = undefined;
    expect(again.deviceId).toBeUndefined();
  });

  it('works without storage, and when storage throws', () => {
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    for (const memory of [new LiveMemory(undefined), new LiveMemory(broken)]) {
      memory.hangoverMs = 900;
      expect(memory.hangoverMs).toBe(300);
      expect(memory.speaker).toBe(DEFAULT_SPEAKER);
    }
  });
});
