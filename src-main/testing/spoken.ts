/**
 * Test helper: real (synthetic) speech from espeak-ng, which .ci/run installs, so voice-activity
 * tests hear a voice without shipping audio. `SPEECH_MISSING` says why those tests skip when absent.
 */
import { spawnSync } from 'node:child_process';
import { decodeAudio } from '../core/audio/decode';

function hasEspeak(): boolean {
  return spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' }).status === 0;
}

export const SPEECH_MISSING: string | undefined = hasEspeak() ? undefined : 'espeak-ng is not installed (apt-get install espeak-ng; .ci/run does)';

/** `text` spoken by espeak-ng: mono float samples at its 22050 Hz. */
export function speak(text: string, opts: { wordsPerMinute?: number } = {}): { samples: Float32Array; sampleRate: number } {
  const r = spawnSync('espeak-ng', ['--stdout', '-s', String(opts.wordsPerMinute ?? 160), text], { maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`espeak-ng failed: ${r.stderr?.toString() ?? r.error?.message}`);
  // espeak-ng --stdout writes a WAV with placeholder sizes (a stream); set the real ones before decoding.
  const bytes = new Uint8Array(r.stdout);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  view.setUint32(4, bytes.length - 8, true);
  view.setUint32(40, bytes.length - 44, true);
  const audio = decodeAudio(bytes, 'espeak-ng output');
  return { samples: audio.samples, sampleRate: audio.sampleRate };
}
