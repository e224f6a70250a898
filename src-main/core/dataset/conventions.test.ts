import { describe, expect, it } from 'vitest';
import { CONVENTIONS, detectConvention, type NamedFile } from './conventions';
import type { CorpusConvention } from './types';

const file = (rel: string, rootName = 'corpus'): NamedFile => {
  const parts = rel.split('/');
  return { rootName, folders: parts.slice(0, -1), name: parts.at(-1)! };
};
const parse = (name: CorpusConvention, rel: string, rootName?: string) => CONVENTIONS.find((c) => c.name === name)!.parse(file(rel, rootName));
const two = (n: number) => String(n).padStart(2, '0');

describe('TESS names', () => {
  it('reads speaker from the folder, word and emotion from the name', () => {
    expect(parse('tess', 'data/YAF_pleasant_surprised/YAF_dog_ps.wav')).toEqual({
      ok: true,
      parsed: { speaker: 'YAF', label: 'surprise', rawLabel: 'ps', utterance: 'dog' },
    });
    expect(parse('tess', 'OAF_neutral/OA_bite_neutral.wav')).toMatchObject({ ok: true, parsed: { speaker: 'OAF', label: 'neutral', utterance: 'bite' } });
    expect(parse('tess', 'oaf_FEAR/OAF_food_fear.wav')).toMatchObject({ ok: true, parsed: { speaker: 'OAF', label: 'fear' } });
  });

  it('takes the speaker from the scanned folder itself or from an OAF/YAF prefix', () => {
    expect(parse('tess', 'OA_bite_neutral.wav', 'OAF_neutral')).toMatchObject({ ok: true, parsed: { speaker: 'OAF' } });
    expect(parse('tess', 'YAF_bite_sad.wav')).toMatchObject({ ok: true, parsed: { speaker: 'YAF' } });
    expect(parse('tess', 'flat/OA_bite_neutral.wav')).toMatchObject({ ok: true, parsed: { speaker: 'OAF' } });
  });

  it('says why a name is not usable', () => {
    expect(parse('tess', 'OAF_Fear/OAF_food_scared.wav')).toEqual({
      ok: false,
      looksLike: true,
      reason: expect.stringContaining("unknown TESS emotion 'scared'"),
    });
    expect(parse('tess', 'misc/XY_food_fear.wav')).toEqual({ ok: false, looksLike: true, reason: expect.stringContaining('no TESS speaker') });
    expect(parse('tess', 'OAF_Fear/food.wav')).toMatchObject({ ok: false, looksLike: false });
  });
});

describe('RAVDESS names', () => {
  const names = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fearful', 'disgust', 'surprised'];
  const labels = ['neutral', 'calm', 'happy', 'sad', 'angry', 'fear', 'disgust', 'surprise'];
  it.each(names.map((n, i) => [i + 1, n, labels[i]]))('emotion %i → %s', (code, rawLabel, label) => {
    const r = parse('ravdess', `Actor_12/03-01-${two(code as number)}-02-01-02-12.wav`);
    expect(r).toEqual({ ok: true, parsed: { speaker: '12', label, rawLabel, utterance: '01' } });
  });
  it('rejects an unknown emotion code', () => {
    expect(parse('ravdess', '03-01-09-01-01-01-01.wav')).toEqual({ ok: false, looksLike: true, reason: 'unknown RAVDESS emotion code 09 (expected 01–08)' });
  });
});

describe('CREMA-D names', () => {
  it.each([
    ['ANG', 'angry'],
    ['DIS', 'disgust'],
    ['FEA', 'fear'],
    ['HAP', 'happy'],
    ['NEU', 'neutral'],
    ['SAD', 'sad'],
  ])('%s → %s', (code, label) => {
    expect(parse('crema-d', `AudioWAV/1091_IEO_${code}_HI.wav`)).toEqual({ ok: true, parsed: { speaker: '1091', label, rawLabel: code, utterance: 'IEO' } });
  });
  it('rejects an unknown emotion', () => {
    expect(parse('crema-d', '1001_DFA_SUR_XX.wav')).toMatchObject({ ok: false, looksLike: true, reason: expect.stringContaining("'SUR'") });
  });
});

describe('SAVEE names', () => {
  const codes = { a: 'angry', d: 'disgust', f: 'fear', h: 'happy', n: 'neutral', sa: 'sad', su: 'surprise' };
  it.each(Object.entries(codes))('%s → %s, flat ALL/ layout and per-speaker folders', (code, label) => {
    expect(parse('savee', `ALL/JK_${code}07.wav`)).toEqual({ ok: true, parsed: { speaker: 'JK', label, rawLabel: code } });
    expect(parse('savee', `AudioData/KL/${code}07.wav`)).toEqual({ ok: true, parsed: { speaker: 'KL', label, rawLabel: code } });
  });
  it('rejects an unknown emotion code', () => {
    expect(parse('savee', 'ALL/DC_x01.wav')).toMatchObject({ ok: false, looksLike: true, reason: expect.stringContaining("'x'") });
  });
});

describe('EmoDB names', () => {
  const letters = { W: 'angry', L: 'boredom', E: 'disgust', A: 'fear', F: 'happy', T: 'sad', N: 'neutral' };
  it.each(Object.entries(letters))('%s → %s', (letter, label) => {
    expect(parse('emodb', `wav/03a01${letter}a.wav`)).toEqual({ ok: true, parsed: { speaker: '03', label, rawLabel: letter, utterance: 'a01' } });
  });
  it('rejects an unknown emotion letter', () => {
    expect(parse('emodb', '03a01Xa.wav')).toMatchObject({ ok: false, looksLike: true, reason: expect.stringContaining("'X'") });
  });
});

describe('folder per label', () => {
  it('finds the label folder and a speaker folder next to it', () => {
    expect(parse('folder-per-label', 'Angry/take1.wav')).toEqual({ ok: true, parsed: { speaker: 'unknown', label: 'angry', rawLabel: 'Angry' } });
    expect(parse('folder-per-label', 'alice/sadness/x.wav')).toMatchObject({ ok: true, parsed: { speaker: 'alice', label: 'sad' } });
    expect(parse('folder-per-label', 'fearful/bob/x.wav')).toMatchObject({ ok: true, parsed: { speaker: 'bob', label: 'fear' } });
  });
  it('names the unknown folder', () => {
    expect(parse('folder-per-label', 'misc/x.wav')).toMatchObject({ ok: false, reason: "unknown label folder 'misc'" });
    expect(parse('folder-per-label', 'x.wav')).toMatchObject({ ok: false, reason: expect.stringContaining('not inside a label folder') });
  });
});

describe('detectConvention', () => {
  const generated: Record<CorpusConvention, string[]> = {
    tess: ['OAF_Fear/OAF_back_fear.wav', 'YAF_sad/YAF_bite_sad.wav', 'OAF_neutral/OA_bite_neutral.wav'],
    ravdess: Array.from({ length: 8 }, (_, i) => `Actor_01/03-01-${two(i + 1)}-01-01-01-01.wav`),
    'crema-d': ['1001_DFA_ANG_XX.wav', '1002_IEO_HAP_HI.wav', '1003_TIE_SAD_LO.wav'],
    savee: ['ALL/DC_a01.wav', 'ALL/JE_sa03.wav', 'ALL/KL_su15.wav'],
    emodb: ['03a01Fa.wav', '08b02Wb.wav', '16a05Lc.wav'],
    'folder-per-label': ['angry/a.wav', 'happy/b.wav', 'Sad/c.wav'],
  };
  it.each(Object.entries(generated))('recognises %s', (name, rels) => {
    expect(detectConvention(rels.map((r) => file(r))).convention.name).toBe(name);
  });

  it('follows the majority when a few files are named otherwise', () => {
    const rels = [...generated.ravdess, ...generated.emodb];
    const d = detectConvention(rels.map((r) => file(r)));
    expect(d.convention.name).toBe('ravdess');
    expect(d.counts).toMatchObject({ ravdess: 8, emodb: 3 });
  });

  it('prefers a naming convention over label folders that hold the same files', () => {
    expect(detectConvention(['angry/03-01-05-01-01-01-01.wav', 'sad/03-01-04-01-01-01-01.wav'].map((r) => file(r))).convention.name).toBe('ravdess');
  });

  it('falls back to folder per label when nothing matches', () => {
    expect(detectConvention([file('x/y.wav')]).convention.name).toBe('folder-per-label');
  });
});
