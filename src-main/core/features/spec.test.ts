import { describe, it, expect } from 'vitest';
import {
  parseFeatureSpec,
  featureSpecKey,
  featureShape,
  normalizeFeatureSpec,
  defaultFramesSpec,
  SEED_SPEC,
  FeatureSpecError,
  canonicalSpecText,
  describeFeatureSpec,
} from './spec';

describe('feature specs', () => {
  it('parses the three kinds with their defaults and shapes', () => {
    expect(parseFeatureSpec('seed')).toEqual({ kind: 'seed' });
    expect(featureShape(parseFeatureSpec('seed'))).toEqual([40]);
    const f = parseFeatureSpec('frames');
    expect(f).toEqual(defaultFramesSpec());
    expect(featureShape(f)).toEqual([128, 120]);
    const m = parseFeatureSpec('meyda-mfcc');
    expect(m.kind).toBe('meyda-mfcc');
    expect(featureShape(m)).toEqual([13]);
  });

  it('applies key=value overrides', () => {
    const f = parseFeatureSpec('frames:nMfcc=20,deltas=false,frames=50,sr=16000,nFft=512,hop=160,offsetSeconds=0.25');
    expect(f).toMatchObject({ kind: 'frames', nMfcc: 20, deltas: false, frames: 50, sampleRate: 16000, nFft: 512, hop: 160, offsetSeconds: 0.25 });
    expect(featureShape(f)).toEqual([50, 20]);
    expect(featureShape(parseFeatureSpec('meyda-mfcc:nMfcc=20'))).toEqual([20]);
  });

  it('rejects bad names and values with specific messages', () => {
    expect(() => parseFeatureSpec('mfcc')).toThrow(/unknown feature spec/);
    expect(() => parseFeatureSpec('seed:nMfcc=20')).toThrow(/no parameters/);
    expect(() => parseFeatureSpec('frames:nFft=1000')).toThrow(/power of two/);
    expect(() => parseFeatureSpec('frames:nMfcc=0')).toThrow(/nMfcc/);
    expect(() => parseFeatureSpec('frames:deltas=maybe')).toThrow(/deltas/);
    expect(() => parseFeatureSpec('frames:color=3')).toThrow(/unknown parameter/);
    expect(() => parseFeatureSpec('frames:nMfcc')).toThrow(/malformed/);
    expect(() => parseFeatureSpec('meyda-mfcc:offsetSeconds=1')).toThrow(/unknown parameter/);
    expect(parseFeatureSpec('frames:durationSeconds=3')).toMatchObject({ durationSeconds: 3 });
    expect(() => parseFeatureSpec('meyda-mfcc:nMfcc=41')).toThrow(/\[1, 40\]/);
    expect(() => normalizeFeatureSpec(null)).toThrow(FeatureSpecError);
    expect(() => normalizeFeatureSpec({ ...defaultFramesSpec(), hop: 4096 })).toThrow(/hop/);
  });

  it('keys are stable, order-independent, file-name safe and differ between specs', () => {
    const a = defaultFramesSpec();
    const reordered = JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(a).reverse())));
    expect(featureSpecKey(reordered)).toBe(featureSpecKey(a));
    expect(featureSpecKey({ ...a, offsetSeconds: 0 })).toBe(featureSpecKey(a)); // 0 offset == no offset
    const keys = new Set([
      featureSpecKey(SEED_SPEC),
      featureSpecKey(a),
      featureSpecKey({ ...a, nMfcc: 39 }),
      featureSpecKey({ ...a, deltas: false }),
      featureSpecKey({ ...a, durationSeconds: 3 }),
      featureSpecKey(parseFeatureSpec('meyda-mfcc')),
    ]);
    expect(keys.size).toBe(6);
    for (const k of keys) expect(k).toMatch(/^[a-z-]+-v\d+-[0-9a-f]{16}$/);
    expect(featureSpecKey(SEED_SPEC)).toMatch(/^seed-v1-/);
    expect(canonicalSpecText(SEED_SPEC)).toBe('v1{"kind":"seed"}');
    // Extra unknown properties do not change the key.
    expect(featureSpecKey({ ...a, junk: 1 } as never)).toBe(featureSpecKey(a));
  });

  it('describes each kind', () => {
    expect(describeFeatureSpec(SEED_SPEC)).toMatch(/40 MFCC/);
    expect(describeFeatureSpec(defaultFramesSpec())).toMatch(/128×40\+Δ\+ΔΔ/);
  });
});
