// The Live view's calibration: while it runs, each final of the microphone session is one read sentence; Finish
// sends them to the host (live.calibrate), which uses their statistics for every prediction after and keeps them
// for the speaker's later sessions. Closing the microphone or switching models ends it.
import { api, errorMessage } from './api';
import { calibrationProgress, type CalibrationTake } from './calibration';
import type { HistoryEntry } from './live-history';
import { liveState } from './live-state.svelte';
import { modelsState } from './models-state.svelte';

export type CalibrationPhase = 'idle' | 'reading' | 'saving';

class CalibrationState {
  phase = $state<CalibrationPhase>('idle');
  takes = $state.raw<CalibrationTake[]>([]);
  error = $state<string | undefined>(undefined);
  /** What the last Finish or Forget did, in words. */
  done = $state<string | undefined>(undefined);
  #sessionId: string | undefined;
  #listening = false;

  /** The session's statistics when the open microphone session is the active model's. */
  get normalisation() {
    const n = liveState.normalisation;
    return n && n.modelId === modelsState.activeId ? n.value : undefined;
  }

  get progress() {
    const n = this.normalisation;
    return n ? calibrationProgress(this.takes, n.calibrationNeeds) : undefined;
  }

  /** Starts collecting sentences (opening the microphone if it is closed) under the speaker's name. */
  async begin(speaker: string): Promise<void> {
    if (this.phase !== 'idle') return;
    this.error = undefined;
    this.done = undefined;
    if (!speaker.trim()) {
      this.error = 'Type your name first: the calibration is kept under it for your next sessions.';
      return;
    }
    if (!this.#listening) {
      liveState.micFinals.add((entry, sessionId) => this.#heard(entry, sessionId));
      this.#listening = true;
    }
    const renamed = speaker.trim() !== liveState.speaker;
    liveState.setSpeaker(speaker);
    // A session started under another name looks for that name's saved calibration: start afresh under this one.
    if (renamed && liveState.micOpen) await liveState.stop(false);
    if (!liveState.micOpen) await liveState.listen('toggle');
    if (!liveState.sessionId) {
      this.error = liveState.problem ? `The microphone did not open: ${liveState.problem.message}` : 'The microphone did not open.';
      return;
    }
    if (this.normalisation === null) {
      this.error = 'This model takes no calibration.';
      return;
    }
    this.#sessionId = liveState.sessionId;
    this.takes = [];
    this.phase = 'reading';
  }

  #heard(entry: HistoryEntry, sessionId: string): void {
    if (this.phase !== 'reading' || sessionId !== this.#sessionId || entry.verdict !== 'predicted') return;
    this.takes = [...this.takes, { utteranceId: entry.utteranceId, seconds: entry.durationSeconds }];
  }

  /** Leaves a sentence out (misread, a cough). */
  drop(utteranceId: string): void {
    this.takes = this.takes.filter((t) => t.utteranceId !== utteranceId);
  }

  cancel(): void {
    this.phase = 'idle';
    this.takes = [];
    this.#sessionId = undefined;
  }

  /** The microphone closed or the model changed under a running calibration. */
  get interrupted(): boolean {
    return this.phase === 'reading' && liveState.sessionId !== this.#sessionId;
  }

  async finish(): Promise<void> {
    const sessionId = this.#sessionId;
    if (this.phase !== 'reading' || !sessionId || !this.progress?.ready) return;
    if (this.interrupted) {
      this.error = 'The microphone closed before the calibration was finished: start it again.';
      this.cancel();
      return;
    }
    this.phase = 'saving';
    this.error = undefined;
    try {
      const { normalisation } = await api.request('live.calibrate', {
        sessionId,
        utteranceIds: this.takes.map((t) => t.utteranceId),
        speaker: liveState.speaker,
      });
      if (liveState.normalisation?.modelId) liveState.normalisation = { modelId: liveState.normalisation.modelId, value: normalisation };
      this.done = `Calibrated: every prediction from now on uses ${normalisation.speaker}'s statistics, in this session and the next.`;
      this.cancel();
    } catch (err) {
      this.error = `Could not calibrate: ${errorMessage(err)}`;
      this.phase = 'reading';
    }
  }

  /** Drops the calibration from this session and deletes the saved one. */
  async forget(): Promise<void> {
    const sessionId = liveState.sessionId;
    if (!sessionId || this.phase !== 'idle') return;
    this.error = undefined;
    try {
      const { normalisation, deleted } = await api.request('live.forgetCalibration', { sessionId });
      if (liveState.normalisation?.modelId) liveState.normalisation = { modelId: liveState.normalisation.modelId, value: normalisation };
      this.done = deleted ? `Forgot ${normalisation.speaker}'s calibration.` : 'The calibration is no longer used (none was saved).';
    } catch (err) {
      this.error = `Could not forget the calibration: ${errorMessage(err)}`;
    }
  }
}

export const calibrationState = new CalibrationState();
