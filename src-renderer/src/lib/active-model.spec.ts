import { describe, expect, it } from 'vitest';
import { ACTIVE_MODEL_KEY, ActiveModelMemory, pickActiveModelId } from './active-model';

const model = (id: string, createdAt: string, builtIn = false) => ({ id, createdAt, builtIn });
// Listed oldest first on purpose: the pick must go by creation time, not by position.
const models = [model('old', '2025-01-01T10:00:00.000Z'), model('newest', '2025-03-01T10:00:00.000Z'), model('mid', '2025-02-01T10:00:00.000Z')];

describe('pickActiveModelId', () => {
  it('keeps the chosen model while it exists', () => {
    expect(pickActiveModelId(models, 'old')).toBe('old');
  });
  it('falls back to the newest model when the chosen one is gone or none was chosen', () => {
    expect(pickActiveModelId(models, 'deleted-model')).toBe('newest');
    expect(pickActiveModelId(models, undefined)).toBe('newest');
  });
  it('prefers any model of the user to the built-in one, which serves when there is no other', () => {
    const shipped = model('shipped', '2030-01-01T00:00:00.000Z', true);
    expect(pickActiveModelId([shipped, ...models], undefined)).toBe('newest');
    expect(pickActiveModelId([shipped], undefined)).toBe('shipped');
    expect(pickActiveModelId([shipped, ...models], 'shipped')).toBe('shipped');
  });
  it('has no active model when there are no models', () => {
    expect(pickActiveModelId([], 'old')).toBeUndefined();
    expect(pickActiveModelId([], undefined)).toBeUndefined();
  });
});

class MemoryStorage {
  items = new Map<string, string>();
  getItem(k: string): string | null {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.items.set(k, v);
  }
  removeItem(k: string): void {
    this.items.delete(k);
  }
}

describe('ActiveModelMemory', () => {
  it('remembers the choice under its key and forgets it', () => {
    const storage = new MemoryStorage();
    const memory = new ActiveModelMemory(storage);
    expect(memory.read()).toBeUndefined();
    memory.write('mid');
    expect(storage.items.get(ACTIVE_MODEL_KEY)).toBe('mid');
    expect(new ActiveModelMemory(storage).read()).toBe('mid'); // a later session
    memory.write(undefined);
    expect(storage.items.has(ACTIVE_MODEL_KEY)).toBe(false);
  });
  it('remembers nothing, without throwing, when storage is missing or refuses', () => {
    const refusing = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceeded');
      },
      removeItem: () => {},
    };
    expect(new ActiveModelMemory(refusing).read()).toBeUndefined();
    expect(() => new ActiveModelMemory(refusing).write('x')).not.toThrow();
    expect(new ActiveModelMemory(undefined).read()).toBeUndefined();
  });
});
