import { describe, expect, it } from 'vitest';
import { ApiError } from './errors';
import { validateTrainRequest } from '../core/jobs/train-job';
import { isRequestName, parseRequestMessage, requestArgSchemas, validateArgs } from './request-schemas';

function invalid(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error('expected the call to throw');
}

describe('request validators', () => {
  it('accepts well-formed args and returns them', () => {
    expect(validateArgs('corpus.open', { path: '/data/tess' })).toEqual({ path: '/data/tess' });
    expect(validateArgs('app.info', undefined)).toEqual({});
    const train = { corpusDir: '/c', preset: 'sequence', split: { kind: 'kfold', k: 5, fold: 4, seed: 1 }, epochs: 3, batchSize: 32, seed: 7 };
    expect(validateArgs('train.start', train)).toEqual(train);
    expect(validateArgs('live.start', { modelId: 'm', sampleRate: 44100, hangoverMs: 400 }).hangoverMs).toBe(400);
  });

  it('refuses a relative clip path, in words for people', () => {
    const err = invalid(() => validateArgs('clip.features', { path: 'data/tess/a.wav' }));
    expect(err.code).toBe('invalid-args');
    expect(err.message).toBe('The folder or file path must be an absolute path.');
    // A corpus folder is typed by people: ~ and relative paths pass here and are resolved by the handler.
    expect(validateArgs('corpus.open', { path: ' ~/tess ' })).toEqual({ path: '~/tess' });
  });

  it('refuses missing fields, wrong types and unknown keys', () => {
    expect(invalid(() => validateArgs('clip.features', {})).message).toMatch(/^The folder or file path must be a path/);
    expect(invalid(() => validateArgs('clip.features', { path: 42 })).message).toBe('The folder or file path must be a path (text).');
    expect(invalid(() => validateArgs('app.info', { extra: 1 })).message).toMatch(/extra/);
    expect(invalid(() => validateArgs('corpus.open', 'not an object')).code).toBe('invalid-args');
    expect(invalid(() => validateArgs('corpus.open', { path: '/a\0b' })).message).toContain('NUL');
  });

  it('checks numeric ranges and split specs in train.start', () => {
    const base = { corpusDir: '/c', preset: 'seed', split: { kind: 'random', valFraction: 0.2, seed: 1 }, epochs: 3, batchSize: 32, seed: 7 };
    expect(invalid(() => validateArgs('train.start', { ...base, epochs: 0 })).message).toBe('Epochs must be ≥ 1.');
    expect(invalid(() => validateArgs('train.start', { ...base, epochs: 2.5 })).message).toBe('Epochs must be a whole number.');
    expect(invalid(() => validateArgs('train.start', { ...base, preset: 'transformer' })).message).toContain('The preset must be one of seed, sequence');
    expect(invalid(() => validateArgs('train.start', { ...base, split: { kind: 'random', valFraction: 1.5, seed: 1 } })).message).toContain(
      'The validation fraction',
    );
    expect(invalid(() => validateArgs('train.start', { ...base, split: { kind: 'kfold', k: 5, fold: 5, seed: 1 } })).message).toContain('The fold must be < k');
    expect(invalid(() => validateArgs('train.start', { ...base, split: { kind: 'speaker', testSpeakers: [] } })).message).toContain('at least one speaker');
    expect(invalid(() => validateArgs('train.start', { ...base, split: { kind: 'bogus' } })).code).toBe('invalid-args');
  });

  it('words a bad training setting exactly as the training job does (one schema in core)', () => {
    const base = { corpusDir: '/c', preset: 'seed', split: { kind: 'random', valFraction: 0.2, seed: 1 }, epochs: 3, batchSize: 32, seed: 7 };
    for (const bad of [
      { epochs: 0 },
      { batchSize: 1e6 },
      { seed: -1 },
      { learningRate: 2 },
      { earlyStopping: { patience: 0 } },
      { split: { kind: 'kfold', k: 3, fold: 3, seed: 1 } },
    ]) {
      const api = invalid(() => validateArgs('train.start', { ...base, ...bad })).message;
      let job = '';
      try {
        validateTrainRequest({ ...base, outDir: '/m', ...bad });
      } catch (err) {
        job = (err as Error).message;
      }
      expect(job).not.toBe('');
      // The same rule, worded for people: "epochs: must be ≥ 1" in the job, "Epochs must be ≥ 1." in the app.
      expect(api.toLowerCase()).toContain(
        job
          .slice(job.indexOf(': ') + 2)
          .split(';')[0]!
          .toLowerCase(),
      );
    }
  });

  it('refuses model ids that could name a path', () => {
    for (const id of ['../etc', '/abs', 'a/b', '.hidden', '']) {
      expect(invalid(() => validateArgs('model.delete', { id })).code).toBe('invalid-args');
    }
    expect(validateArgs('model.delete', { id: 'seed-tess-20260101-120000' }).id).toBe('seed-tess-20260101-120000');
  });

  it('bounds live sessions: capture rate, hangover, source', () => {
    expect(invalid(() => validateArgs('live.start', { modelId: 'm', sampleRate: 8000 })).message).toContain('≥ 16000');
    expect(invalid(() => validateArgs('live.start', { modelId: 'm', sampleRate: 384000 })).message).toContain('≤ 192000');
    expect(invalid(() => validateArgs('live.start', { modelId: 'm', sampleRate: 48000, hangoverMs: 20 })).message).toBe(
      'The pause that ends an utterance must be ≥ 100 ms.',
    );
    expect(invalid(() => validateArgs('live.start', { modelId: 'm', sampleRate: 48000, source: 'radio' })).code).toBe('invalid-args');
    expect(invalid(() => validateArgs('live.save', { utteranceId: 'u', label: '', speaker: 'me' })).message).toContain('label');
  });

  it('has a validator for every request name and nothing else', () => {
    expect(isRequestName('corpus.open')).toBe(true);
    expect(isRequestName('toString')).toBe(false);
    expect(isRequestName('__proto__')).toBe(false);
    expect(Object.keys(requestArgSchemas).sort()).toEqual([
      'app.info',
      'cache.clear',
      'clip.features',
      'corpus.browse',
      'corpus.chooseFolder',
      'corpus.open',
      'corpus.recent',
      'evaluate.start',
      'job.cancel',
      'jobs.list',
      'live.calibrate',
      'live.end',
      'live.forgetCalibration',
      'live.save',
      'live.start',
      'live.stop',
      'model.delete',
      'model.export',
      'model.import',
      'model.list',
      'model.rename',
      'settings.get',
      'teach.recordings',
      'teach.start',
      'train.corpora',
      'train.preview',
      'train.start',
    ]);
  });
});

describe('wire messages', () => {
  it('parses a request message', () => {
    expect(parseRequestMessage({ type: 'request', id: 3, name: 'app.info', args: {} })).toEqual({ type: 'request', id: 3, name: 'app.info', args: {} });
  });

  it('refuses malformed messages with the reason', () => {
    expect(invalid(() => parseRequestMessage(null)).message).toBe('a request must be a JSON object');
    expect(invalid(() => parseRequestMessage([])).code).toBe('invalid-message');
    expect(invalid(() => parseRequestMessage({ type: 'event', id: 1, name: 'x' })).message).toContain('"request"');
    expect(invalid(() => parseRequestMessage({ type: 'request', id: 1.5, name: 'x' })).message).toContain('id');
    expect(invalid(() => parseRequestMessage({ type: 'request', id: 1, name: 5 })).message).toContain('name');
  });
});
