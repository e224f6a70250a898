import { describe, expect, it } from 'vitest';
import { defaultTrainThreads } from './training-types';

describe('defaultTrainThreads', () => {
  it('trains on two threads where there are two cores, the preset gains and an epoch has at least four batches', () => {
    expect(defaultTrainThreads(2, 1141, 64, true)).toBe(2);
    expect(defaultTrainThreads(16, 1141, 64, true)).toBe(2);
    expect(defaultTrainThreads(2, 1141, 64, false)).toBe(1);
    expect(defaultTrainThreads(1, 1141, 64, true)).toBe(1);
    expect(defaultTrainThreads(2, 255, 64, true)).toBe(1);
    expect(defaultTrainThreads(2, 256, 64, true)).toBe(2);
  });
});
