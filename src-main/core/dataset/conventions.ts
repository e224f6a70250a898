/**
 * Corpus naming conventions: each turns a file's name and folders into speaker, label and utterance,
 * or says precisely why it cannot.
 */
import { canonicalLabel } from './labels';
import type { CorpusConvention, EmotionLabel } from './types';

/** A file as the parsers see it: folder names from the scanned folder down, and the file name. */
export interface NamedFile {
  /** Basename of the scanned folder itself (TESS speakers may only be visible there). */
  rootName: string;
  /** Folder names between the scanned folder and the file, outermost first. */
  folders: string[];
  name: string;
}

export interface ParsedName {
  speaker: string;
  label: EmotionLabel;
  rawLabel: string;
  utterance?: string;
}

/** `looksLike`: the name has this convention's shape even though a part is invalid; it counts in detection. */
export type ParseResult = { ok: true; parsed: ParsedName } | { ok: false; looksLike: boolean; reason: string };

export interface Convention {
  name: CorpusConvention;
  parse(file: NamedFile): ParseResult;
}

const AUDIO_EXTENSION = /\.(wav|wave|aif|aiff|aifc|flac|mp3|ogg|oga|opus|webm|weba)$/i;

export function hasAudioExtension(name: string): boolean {
  return AUDIO_EXTENSION.test(name);
}

/** The file name without an audio extension. */
export function stemOf(name: string): string {
  return name.replace(AUDIO_EXTENSION, '');
}

function codeTable(entries: Record<string, [raw: string, label: EmotionLabel]>) {
  return (code: string) => (Object.hasOwn(entries, code) ? entries[code] : undefined);
}

const fail = (looksLike: boolean, reason: string): ParseResult => ({ ok: false, looksLike, reason });
const ok = (parsed: ParsedName): ParseResult => ({ ok: true, parsed });

const TESS_EMOTIONS = ['angry', 'disgust', 'fear', 'happy', 'neutral', 'ps', 'sad'];

const tess: Convention = {
  name: 'tess',
  parse({ rootName, folders, name }) {
    const m = /^([A-Za-z]+)_([A-Za-z]+)_([A-Za-z]+)$/.exec(stemOf(name));
    if (!m) return fail(false, 'file name does not follow TESS <speaker>_<word>_<emotion>.wav');
    const rawLabel = m[3].toLowerCase();
    const speaker = tessSpeaker([rootName, ...folders], m[1]);
    if (!TESS_EMOTIONS.includes(rawLabel)) {
      return fail(speaker !== undefined, `unknown TESS emotion '${m[3]}' (expected ${TESS_EMOTIONS.join(', ')})`);
    }
    if (!speaker) return fail(true, `no TESS speaker: neither a folder named OAF_… / YAF_… nor a file name prefix OAF_ / YAF_ (found '${m[1]}_')`);
    return ok({ speaker, label: canonicalLabel(rawLabel)!, rawLabel, utterance: m[2].toLowerCase() });
  },
};

/** The speaker comes from the nearest OAF_/YAF_ folder (one published file is OA_bite_neutral.wav). */
function tessSpeaker(folders: string[], filePrefix: string): string | undefined {
  for (let i = folders.length - 1; i >= 0; i--) {
    const m = /^(OAF|YAF)_/i.exec(folders[i]);
    if (m) return m[1].toUpperCase();
  }
  // Without such a folder, the file name prefix (the published 'OA_' can only mean OAF).
  return { OAF: 'OAF', YAF: 'YAF', OA: 'OAF', YA: 'YAF' }[filePrefix.toUpperCase()];
}

const ravdessEmotion = codeTable({
  '01': ['neutral', 'neutral'],
  '02': ['calm', 'calm'],
  '03': ['happy', 'happy'],
  '04': ['sad', 'sad'],
  '05': ['angry', 'angry'],
  '06': ['fearful', 'fear'],
  '07': ['disgust', 'disgust'],
  '08': ['surprised', 'surprise'],
});

const ravdess: Convention = {
  name: 'ravdess',
  parse({ name }) {
    const m = /^(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)-(\d\d)$/.exec(stemOf(name));
    if (!m) return fail(false, 'file name does not follow RAVDESS modality-channel-emotion-intensity-statement-repetition-actor.wav');
    const emotion = ravdessEmotion(m[3]);
    if (!emotion) return fail(true, `unknown RAVDESS emotion code ${m[3]} (expected 01–08)`);
    return ok({ speaker: m[7], label: emotion[1], rawLabel: emotion[0], utterance: m[5] });
  },
};

const cremaEmotion = codeTable({
  ANG: ['ANG', 'angry'],
  DIS: ['DIS', 'disgust'],
  FEA: ['FEA', 'fear'],
  HAP: ['HAP', 'happy'],
  NEU: ['NEU', 'neutral'],
  SAD: ['SAD', 'sad'],
});

const cremaD: Convention = {
  name: 'crema-d',
  parse({ name }) {
    const m = /^(\d{4})_([A-Za-z]{3})_([A-Za-z]{3})_([A-Za-z]{2})$/.exec(stemOf(name));
    if (!m) return fail(false, 'file name does not follow CREMA-D actor_sentence_emotion_level.wav');
    const emotion = cremaEmotion(m[3].toUpperCase());
    if (!emotion) return fail(true, `unknown CREMA-D emotion '${m[3]}' (expected ANG, DIS, FEA, HAP, NEU, SAD)`);
    return ok({ speaker: m[1], label: emotion[1], rawLabel: emotion[0], utterance: m[2].toUpperCase() });
  },
};

const saveeEmotion = codeTable({
  a: ['a', 'angry'],
  d: ['d', 'disgust'],
  f: ['f', 'fear'],
  h: ['h', 'happy'],
  n: ['n', 'neutral'],
  sa: ['sa', 'sad'],
  su: ['su', 'surprise'],
});

// Flat `ALL/DC_a01.wav` (Kaggle) or per-speaker `AudioData/DC/a01.wav` (the original release).
const savee: Convention = {
  name: 'savee',
  parse({ folders, name }) {
    const stem = stemOf(name);
    let m = /^([A-Za-z]{2})_([a-z]{1,2})(\d\d)$/.exec(stem);
    let speaker = m?.[1].toUpperCase();
    let code = m?.[2];
    if (!m) {
      m = /^([a-z]{1,2})(\d\d)$/.exec(stem);
      const folder = folders.at(-1) ?? '';
      if (!m || !/^[A-Z]{2}$/.test(folder)) return fail(false, 'file name does not follow SAVEE <speaker>_<emotion><nn>.wav');
      speaker = folder;
      code = m[1];
    }
    const emotion = saveeEmotion(code!);
    if (!emotion) return fail(true, `unknown SAVEE emotion code '${code}' (expected a, d, f, h, n, sa, su)`);
    return ok({ speaker: speaker!, label: emotion[1], rawLabel: emotion[0] });
  },
};

const emodbEmotion = codeTable({
  W: ['W', 'angry'],
  L: ['L', 'boredom'],
  E: ['E', 'disgust'],
  A: ['A', 'fear'],
  F: ['F', 'happy'],
  T: ['T', 'sad'],
  N: ['N', 'neutral'],
});

const emodb: Convention = {
  name: 'emodb',
  parse({ name }) {
    const m = /^(\d\d)([a-z]\d\d)([A-Z])([a-z])$/.exec(stemOf(name));
    if (!m) return fail(false, 'file name does not follow EmoDB <speaker nn><text a01><emotion letter><version>.wav');
    const emotion = emodbEmotion(m[3]);
    if (!emotion) return fail(true, `unknown EmoDB emotion letter '${m[3]}' (expected W, L, E, A, F, T, N)`);
    return ok({ speaker: m[1], label: emotion[1], rawLabel: emotion[0], utterance: m[2] });
  },
};

/**
 * One folder per label, found as the nearest folder (below the scanned one) whose name is a label.
 * The speaker is the folder just inside or just outside the label folder, when there is one.
 */
const folderPerLabel: Convention = {
  name: 'folder-per-label',
  parse({ folders }) {
    for (let i = folders.length - 1; i >= 0; i--) {
      const label = canonicalLabel(folders[i]);
      if (!label) continue;
      const speaker = folders[i + 1] ?? folders[i - 1] ?? 'unknown';
      return ok({ speaker, label, rawLabel: folders[i] });
    }
    if (folders.length === 0) return fail(false, 'not inside a label folder (one folder per label expected)');
    return fail(false, `unknown label folder '${folders.at(-1)}'`);
  },
};

/** In order of preference when two conventions match equally many files (the more specific first). */
export const CONVENTIONS: Convention[] = [tess, ravdess, cremaD, savee, emodb, folderPerLabel];

export interface Detection {
  convention: Convention;
  /** Files each convention claimed (parsed, or recognised with an invalid part). */
  counts: Record<CorpusConvention, number>;
}

/** Picks the convention that claims the most files; folder-per-label when none claims any. */
export function detectConvention(files: NamedFile[]): Detection {
  const counts = Object.fromEntries(CONVENTIONS.map((c) => [c.name, 0])) as Record<CorpusConvention, number>;
  for (const file of files) {
    for (const c of CONVENTIONS) {
      const r = c.parse(file);
      if (r.ok || r.looksLike) counts[c.name]++;
    }
  }
  // Strictly greater wins, so on a tie the earlier (more specific) convention stays.
  let best = folderPerLabel;
  let bestCount = 0;
  for (const c of CONVENTIONS) {
    if (counts[c.name] > bestCount) [best, bestCount] = [c, counts[c.name]];
  }
  return { convention: best, counts };
}
