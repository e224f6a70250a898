import { describe, expect, it } from 'vitest';
import { formatBestEpoch, formatProbability } from './report-format';

const epoch = (n: number, valLoss?: number) => ({
  epoch: n,
  seconds: 1,
  loss: 1,
  accuracy: 0.5,
  valLoss,
  valAccuracy: valLoss === undefined ? undefined : 0.5,
});

describe('formatBestEpoch', () => {
  it('names the best-validation-loss epoch and, when it is not the last, how --early-stopping keeps it', () => {
    const text = formatBestEpoch([epoch(1, 0.9), epoch(2, 0.41234), epoch(3, 0.5)], undefined);
    expect(text).toBe(
      "Lowest validation loss 0.4123 at epoch 2 of 3; the saved weights are the last epoch's (validation loss 0.5000).\n" +
        '--early-stopping N stops after N epochs without a lower validation loss and keeps the best weights.',
    );
  });

  it('says the saved weights are the best when the last epoch is the best, or when early stopping kept them', () => {
    expect(formatBestEpoch([epoch(1, 0.9), epoch(2, 0.4)], undefined)).toBe(
      'Lowest validation loss 0.4000 at epoch 2 of 2, the last one: the saved weights are the best ones.',
    );
    expect(formatBestEpoch([epoch(1, 0.3), epoch(2, 0.4), epoch(3, 0.5)], { patience: 2 })).toBe(
      "Lowest validation loss 0.3000 at epoch 1 of 3; early stopping (--early-stopping 2) saved that epoch's weights.",
    );
  });

  it('says nothing without validation losses', () => {
    expect(formatBestEpoch([epoch(1), epoch(2)], undefined)).toBe('');
  });
});

describe('formatProbability', () => {
  it('prints a fraction with two decimals, as the classification report does', () => {
    expect([formatProbability(0.984), formatProbability(0.125), formatProbability(1)]).toEqual(['0.98', '0.12', '1.00']);
  });
});
