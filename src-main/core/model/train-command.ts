/**
 * The `ser train` command line that repeats a run started in the app ("Copy as command"). The CLI's
 * own test parses it back into the same settings, so the two cannot drift apart.
 */
import { formatLabelMap, type LabelMap } from '../dataset/corpora';
import { augmentTechniquesOf } from './augment';
import type { SplitSpec } from './splits';
import type { TrainSettings } from './training-types';

/** POSIX shell quoting: bare when safe, else single quotes. */
function quote(arg: string): string {
  return /^[A-Za-z0-9_./:,=@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function splitArg(spec: SplitSpec): string {
  switch (spec.kind) {
    case 'random':
    case 'utterance':
      return `${spec.kind}:${spec.valFraction}`;
    case 'speaker':
      return `speaker:${spec.testSpeakers.join(',')}`;
    case 'kfold':
      return `kfold:${spec.k}:${spec.fold}`;
  }
}

export function trainCommandLine(settings: TrainSettings & { corpusDir: string; extraCorpusDirs?: string[]; labelMap?: LabelMap }): string {
  const args = [
    'npx',
    'ser',
    'train',
    settings.corpusDir,
    ...(settings.extraCorpusDirs ?? []),
    '--preset',
    settings.preset,
    '--split',
    splitArg(settings.split),
    '--epochs',
    String(settings.epochs),
    '--batch',
    String(settings.batchSize),
    '--seed',
    String(settings.seed),
  ];
  if (settings.learningRate !== undefined) args.push('--lr', String(settings.learningRate));
  if (settings.earlyStopping) args.push('--early-stopping', String(settings.earlyStopping.patience));
  if (settings.speakerNormalisation)
    args.push('--speaker-norm', settings.speakerNormalisation.basis, '--calibration-clips', String(settings.speakerNormalisation.calibrationClips));
  if (settings.augmentation) {
    const techniques = augmentTechniquesOf(settings.augmentation);
    args.push('--augment', techniques.length ? techniques.join(',') : 'none');
    if (settings.augmentation.copies > 0) args.push('--augment-copies', String(settings.augmentation.copies));
  }
  if (settings.labelMap) args.push('--label-map', formatLabelMap(settings.labelMap));
  if (settings.name !== undefined) args.push('--name', settings.name);
  return args.map(quote).join(' ');
}
