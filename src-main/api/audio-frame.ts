/**
 * The binary WebSocket frame that carries one chunk of live audio: the session id (36 ASCII bytes,
 * a UUID) then the samples as little-endian float32. Dependency-free: the renderer's client
 * encodes with it and the host decodes with it (the one definition of the layout).
 */
export const AUDIO_FRAME_ID_BYTES = 36;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeAudioFrame(sessionId: string, samples: Float32Array): ArrayBuffer {
  if (!UUID.test(sessionId)) throw new Error(`not a live session id: ${sessionId}`);
  const frame = new ArrayBuffer(AUDIO_FRAME_ID_BYTES + samples.byteLength);
  const bytes = new Uint8Array(frame);
  for (let i = 0; i < AUDIO_FRAME_ID_BYTES; i++) bytes[i] = sessionId.charCodeAt(i);
  // float32 little-endian on every platform Electron and Chromium run on; DataView would be 10x slower.
  new Float32Array(frame, AUDIO_FRAME_ID_BYTES).set(samples);
  return frame;
}

export type DecodedAudioFrame = { ok: true; sessionId: string; samples: Float32Array } | { ok: false; reason: string };

export function decodeAudioFrame(frame: Uint8Array): DecodedAudioFrame {
  if (frame.byteLength < AUDIO_FRAME_ID_BYTES + 4) return { ok: false, reason: `an audio frame needs a ${AUDIO_FRAME_ID_BYTES}-byte session id and samples` };
  if ((frame.byteLength - AUDIO_FRAME_ID_BYTES) % 4 !== 0) return { ok: false, reason: 'an audio frame must hold whole float32 samples' };
  const sessionId = String.fromCharCode(...frame.subarray(0, AUDIO_FRAME_ID_BYTES));
  if (!UUID.test(sessionId)) return { ok: false, reason: 'an audio frame must start with a live session id' };
  // Copy into an aligned buffer of its own: the frame may sit at any offset of a larger one (Node's
  // Buffer pool), and Buffer#slice would not copy.
  const samples = new Float32Array(new Uint8Array(frame.subarray(AUDIO_FRAME_ID_BYTES)).buffer);
  return { ok: true, sessionId, samples };
}
