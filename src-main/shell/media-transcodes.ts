/**
 * Clips served from a decoded copy (AIFF, which Chromium cannot play; FLAC, MP3, Ogg, WebM, heard as the app decodes them) as 16-bit WAV files: converted once per file version in a worker
 * thread (never on the main thread), kept on disk, and served by range like any other file. Requests
 * for a clip that is being converted wait for that one conversion.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { workerUrl } from '../core/jobs/worker-path';
import { ApiError } from '../api/errors';

/** The converted copies are a cache for playback only: the system's temp folder, one per user. */
const DEFAULT_DIR = join(tmpdir(), `ser-desktop-media-${process.getuid?.() ?? 'user'}`);
const DEFAULT_MAX_BYTES = 1024 * 1024 * 1024;

export class WavTranscodes {
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Conversions started (tests and the bench check that concurrent requests share one). */
  conversions = 0;

  constructor(
    private readonly dir = DEFAULT_DIR,
    private readonly maxBytes = DEFAULT_MAX_BYTES,
  ) {}

  /** The WAV copy of `file` as it is now (size + mtime), converting it first when needed. */
  async wavOf(file: string, version: { size: number; mtimeMs: number }): Promise<{ path: string; size: number }> {
    const key = createHash('sha1')
      .update(`${file}\0${version.size}\0${Math.round(version.mtimeMs)}`)
      .digest('hex');
    const dest = join(this.dir, `${key}.wav`);
    let done = await stat(dest).catch(() => undefined);
    if (!done) {
      let running = this.inFlight.get(key);
      if (!running) {
        running = this.convert(file, dest).finally(() => this.inFlight.delete(key));
        this.inFlight.set(key, running);
      }
      await running;
      done = await stat(dest);
    }
    return { path: dest, size: done.size };
  }

  private async convert(source: string, dest: string): Promise<void> {
    this.conversions++;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const reply = await new Promise<{ ok: boolean; decode?: boolean; reason?: string }>((resolve, reject) => {
      const worker = new Worker(workerUrl('transcode'), { workerData: { source, dest } });
      worker.once('message', (m: { ok: boolean }) => resolve(m));
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the conversion worker stopped (exit code ${code})`)));
    });
    if (!reply.ok) throw new ApiError(reply.decode ? 'unsupported' : 'failed', `cannot convert the clip for playback: ${reply.reason}`);
    await this.prune();
  }

  /** Oldest copies go first once the folder holds more than maxBytes. */
  private async prune(): Promise<void> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((n) => n.endsWith('.wav'));
    const files = (await Promise.all(names.map(async (n) => ({ path: join(this.dir, n), st: await stat(join(this.dir, n)).catch(() => undefined) })))).filter(
      (f) => f.st !== undefined,
    );
    files.sort((a, b) => a.st!.mtimeMs - b.st!.mtimeMs);
    let total = files.reduce((sum, f) => sum + f.st!.size, 0);
    for (const f of files) {
      if (total <= this.maxBytes) break;
      await rm(f.path, { force: true });
      total -= f.st!.size;
    }
  }
}
