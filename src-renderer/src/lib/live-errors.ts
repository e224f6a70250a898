// Capture problems as the Live view says them: what happened and how to get going again (every one offers Retry).

/** The capture path's sample-rate bounds (the host's live.start accepts the same). */
export const CAPTURE_RATE = { min: 16000, max: 192000 } as const;

export type CaptureProblemKind = 'denied' | 'no-device' | 'busy' | 'unplugged' | 'sample-rate' | 'disconnected' | 'session' | 'other';

export interface CaptureProblem {
  kind: CaptureProblemKind;
  title: string;
  message: string;
}

export function sampleRateProblem(rate: number): CaptureProblem | undefined {
  if (rate >= CAPTURE_RATE.min && rate <= CAPTURE_RATE.max) return undefined;
  return {
    kind: 'sample-rate',
    title: 'Unsupported sample rate',
    message: `The input runs at ${rate} Hz; live capture needs ${CAPTURE_RATE.min}–${CAPTURE_RATE.max} Hz. Choose another input device, or set this one to 44.1 or 48 kHz in the system's sound settings.`,
  };
}

/** A getUserMedia (or AudioContext) failure, by its DOMException name. */
export function captureProblem(err: unknown): CaptureProblem {
  const name = (err as { name?: unknown })?.name;
  const detail = (err as { message?: unknown })?.message;
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return {
        kind: 'denied',
        title: 'Microphone access is blocked',
        message:
          'Allow the microphone for this page (the camera/microphone icon in the address bar, or the site settings) — in the desktop app, allow SER Studio in the system privacy settings — then press Retry.',
      };
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return { kind: 'no-device', title: 'No microphone found', message: 'Plug in or enable a microphone (or choose another input above), then press Retry.' };
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return {
        kind: 'busy',
        title: 'The microphone cannot be opened',
        message: 'Another program may be using it, or the system refused it. Close that program or choose another input, then press Retry.',
      };
    default:
      return { kind: 'other', title: 'Could not start the microphone', message: typeof detail === 'string' && detail ? detail : String(err) };
  }
}

export const UNPLUGGED: CaptureProblem = {
  kind: 'unplugged',
  title: 'The microphone went away',
  message: 'The input device was unplugged or disabled while recording. Recording stopped; reconnect it (or choose another input), then press Retry.',
};

export const DISCONNECTED: CaptureProblem = {
  kind: 'disconnected',
  title: 'Lost the connection to the app',
  message: 'Audio could not be sent, so recording stopped. Press Retry once the status bar shows the app connected again.',
};

export function sessionProblem(message: string): CaptureProblem {
  return { kind: 'session', title: 'Live prediction stopped', message };
}
