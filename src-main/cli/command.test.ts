import { describe, expect, it } from 'vitest';
import { closestOption, parseCommandArgs, UsageError } from './command';

const TRAIN_OPTIONS = { epochs: { type: 'string' }, batch: { type: 'string' }, 'early-stopping': { type: 'string' }, json: { type: 'boolean' } } as const;

describe('unknown options', () => {
  it('suggest the closest known option instead of the raw parser message', () => {
    expect(() => parseCommandArgs(['corpus', '--epoch', '3'], TRAIN_OPTIONS)).toThrow(UsageError);
    expect(() => parseCommandArgs(['corpus', '--epoch', '3'], TRAIN_OPTIONS)).toThrow(
      /^unknown option --epoch; did you mean --epochs\? \(options: --epochs, --batch/,
    );
    expect(() => parseCommandArgs(['--early=3'], TRAIN_OPTIONS)).toThrow(/did you mean --early-stopping\?/);
    expect(() => parseCommandArgs(['--jsno'], TRAIN_OPTIONS)).toThrow(/did you mean --json\?/);
  });

  it('suggest nothing when no option is near', () => {
    expect(closestOption('--validation', ['epochs', 'batch', 'json'])).toBeUndefined();
    expect(() => parseCommandArgs(['--frobnicate'], TRAIN_OPTIONS)).toThrow(/^unknown option --frobnicate \(options:/);
  });
});
