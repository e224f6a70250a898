// The app's views, in nav order. Shortcuts: Ctrl/Cmd + 1…5.
export type ViewId = 'corpus' | 'train' | 'evaluate' | 'live' | 'models';

export interface ViewInfo {
  id: ViewId;
  title: string;
  blurb: string;
}

export const VIEWS: readonly ViewInfo[] = [
  { id: 'corpus', title: 'Corpus', blurb: 'Browse an emotional-speech corpus' },
  { id: 'train', title: 'Train', blurb: 'Train a model on a corpus' },
  { id: 'evaluate', title: 'Evaluate', blurb: 'Confusion matrix and per-class scores' },
  { id: 'live', title: 'Live', blurb: 'Predict the emotion in your voice' },
  { id: 'models', title: 'Models', blurb: 'Saved models' },
];
