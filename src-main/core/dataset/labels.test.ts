import { describe, expect, it } from 'vitest';
import { canonicalLabel, EMOTION_LABELS } from './labels';

describe('canonicalLabel', () => {
  it('maps every canonical label to itself', () => {
    for (const label of EMOTION_LABELS) expect(canonicalLabel(label)).toBe(label);
  });

  it.each([
    ['fearful', 'fear'],
    ['FEA', 'fear'],
    ['surprised', 'surprise'],
    ['ps', 'surprise'],
    ['Pleasant_surprise', 'surprise'],
    ['pleasant surprised', 'surprise'],
    ['su', 'surprise'],
    ['anger', 'angry'],
    ['ANG', 'angry'],
    ['happiness', 'happy'],
    ['sadness', 'sad'],
    ['Sad', 'sad'],
    [' Neutral ', 'neutral'],
    ['bored', 'boredom'],
    ['disgusted', 'disgust'],
  ])('%s → %s', (raw, label) => {
    expect(canonicalLabel(raw)).toBe(label);
  });

  it('leaves single-letter corpus codes and unknown names unmapped', () => {
    for (const raw of ['a', 'W', 'A', 'n', '', 'toString', 'constructor', 'excited', 'OAF_Fear']) expect(canonicalLabel(raw)).toBeUndefined();
  });
});
