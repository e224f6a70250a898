import { describe, expect, it } from 'vitest';
import { timeTicks } from './time-axis';

const labels = (duration: number, maxTicks = 8) => {
  const { step, decimals } = timeTicks(duration, maxTicks);
  const out: string[] = [];
  for (let k = 0; k * step <= duration + 1e-9; k++) out.push((k * step).toFixed(decimals));
  return out;
};

describe('timeTicks', () => {
  it('labels a TESS clip of 1.54 s every 0.2 s, 1.0 s included', () => {
    expect(labels(1.54)).toEqual(['0.0', '0.2', '0.4', '0.6', '0.8', '1.0', '1.2', '1.4']);
  });

  it('uses whole seconds for longer clips and finer steps for short ones', () => {
    expect(labels(4.2)).toEqual(['0', '1', '2', '3', '4']);
    expect(timeTicks(0.3)).toEqual({ step: 0.05, decimals: 2 });
    expect(timeTicks(0)).toEqual({ step: 0.2, decimals: 1 });
  });
});
