"""The Python baseline for `npm run bench -- features`: the seed feature of each clip, one process, warm.

    python3 scripts/py/seed_features.py --resampler kaiser_best < paths.txt

Reads clip paths (one a line) from stdin, computes the Kaggle notebook's seed feature for each
(librosa.load(path, duration=3, offset=0.5) at 22050 Hz, 40 MFCC, mean over time), and prints one
JSON line: clip count, seconds for all clips (after a warm-up on the first 20, which also compiles
resampy's numba loop) and what computed it.

With librosa importable it calls librosa itself. Without it (pip reaches no index here and Debian has
no python3-librosa) it runs librosa 0.10/0.11's recipe with numpy, scipy and resampy, step by step as
../shared/ref/librosa/README.md describes it: soundfile read, resampy kaiser_best (or libsoxr's HQ
recipe through ctypes, librosa 0.11's default `soxr_hq`), fix_length, STFT (periodic Hann, centred,
zero padded, complex64), |X|^2, Slaney mel filterbank (float32 matmul), power_to_db (top_db 80),
scipy.fftpack.dct ortho. The window and filterbank are made once (librosa recomputes them per call),
so this is if anything a little faster than librosa itself; --per-call-filterbank builds the filterbank
for each clip, as librosa.feature.melspectrogram does.
"""
import argparse
import ctypes
import ctypes.util
import json
import sys
import time

import numpy as np
import scipy.fftpack
import soundfile as sf

SR = 22050


def hz_to_mel(f):
    f = np.asarray(f, float)
    return np.where(f >= 1000, 15 + np.log(np.maximum(f, 1e-10) / 1000) / (np.log(6.4) / 27), f / (200 / 3))


def mel_to_hz(m):
    m = np.asarray(m, float)
    return np.where(m >= 15, 1000 * np.exp((np.log(6.4) / 27) * (m - 15)), m * 200 / 3)


def mel_filterbank(sr, n_fft=2048, n_mels=128):
    fft_f = np.arange(n_fft // 2 + 1) * sr / n_fft
    pts = mel_to_hz(np.linspace(hz_to_mel(0), hz_to_mel(sr / 2), n_mels + 2))
    w = np.zeros((n_mels, len(fft_f)))
    for i in range(n_mels):
        lo = (fft_f - pts[i]) / (pts[i + 1] - pts[i])
        up = (pts[i + 2] - fft_f) / (pts[i + 2] - pts[i + 1])
        w[i] = np.maximum(0, np.minimum(lo, up)) * 2 / (pts[i + 2] - pts[i])
    return w.astype(np.float32)


WINDOW = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(2048) / 2048)).astype(np.float32)
MEL = mel_filterbank(SR)


def soxr_hq():
    """libsoxr's one-shot resampler with the HQ recipe (what python-soxr's 'soxr_hq' selects)."""
    name = ctypes.util.find_library('soxr')
    if not name:
        return None
    lib = ctypes.CDLL(name)

    class QSpec(ctypes.Structure):
        _fields_ = [('precision', ctypes.c_double), ('phase_response', ctypes.c_double), ('passband_end', ctypes.c_double),
                    ('stopband_begin', ctypes.c_double), ('e', ctypes.c_void_p), ('flags', ctypes.c_ulong)]

    class IoSpec(ctypes.Structure):
        _fields_ = [('itype', ctypes.c_int), ('otype', ctypes.c_int), ('scale', ctypes.c_double), ('e', ctypes.c_void_p), ('flags', ctypes.c_ulong)]

    lib.soxr_quality_spec.restype = QSpec
    lib.soxr_quality_spec.argtypes = [ctypes.c_ulong, ctypes.c_ulong]
    lib.soxr_io_spec.restype = IoSpec
    lib.soxr_io_spec.argtypes = [ctypes.c_int, ctypes.c_int]
    lib.soxr_oneshot.restype = ctypes.c_char_p
    lib.soxr_oneshot.argtypes = [ctypes.c_double, ctypes.c_double, ctypes.c_uint, ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t),
                                 ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(IoSpec), ctypes.POINTER(QSpec), ctypes.c_void_p]
    q = lib.soxr_quality_spec(4, 0)  # SOXR_HQ
    io = lib.soxr_io_spec(0, 0)  # SOXR_FLOAT32_I in and out

    def resample(y, sr0, sr1):
        y = np.ascontiguousarray(y, dtype=np.float32)
        out = np.zeros(int(np.ceil(len(y) * sr1 / sr0)), dtype=np.float32)
        done = ctypes.c_size_t()
        err = lib.soxr_oneshot(sr0, sr1, 1, y.ctypes.data, len(y), None, out.ctypes.data, len(out), ctypes.byref(done), ctypes.byref(io), ctypes.byref(q), None)
        if err:
            raise RuntimeError(err.decode())
        return out[:done.value]
    return resample


def make_resampler(kind):
    if kind == 'soxr_hq':
        return soxr_hq()
    import resampy
    return lambda y, sr0, sr1: resampy.resample(y, sr0, sr1, filter='kaiser_best', axis=-1)


def load(path, resample):
    with sf.SoundFile(path) as f:
        sr0 = f.samplerate
        f.seek(int(0.5 * sr0))
        y = f.read(frames=int(3 * sr0), dtype='float32', always_2d=False)
    if y.ndim > 1:
        y = y.mean(axis=1)
    if sr0 != SR:
        n = int(np.ceil(len(y) * SR / sr0))
        y = resample(y, sr0, SR)
        y = np.pad(y, (0, max(0, n - len(y))))[:n]  # librosa.util.fix_length
    return y


def seed_feature(y, mel_basis=None):
    padded = np.pad(y, 1024)
    frames = np.lib.stride_tricks.sliding_window_view(padded, 2048)[::512].T  # [2048, 1 + len // 512]
    stft = np.fft.rfft(WINDOW[:, None] * frames, axis=0).astype(np.complex64)
    power = np.abs(stft) ** 2
    mel = (MEL if mel_basis is None else mel_basis) @ power
    db = 10 * np.log10(np.maximum(mel, 1e-10))
    db = np.maximum(db, db.max() - 80)
    mfcc = scipy.fftpack.dct(db, axis=-2, type=2, norm='ortho')[:40]
    return np.mean(mfcc.T, axis=0)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--resampler', choices=['kaiser_best', 'soxr_hq'], default='kaiser_best')
    # librosa.feature.melspectrogram builds its mel filterbank on every call (filters.mel's cache is
    # joblib's, off unless LIBROSA_CACHE_DIR is set): --per-call-filterbank does the same.
    ap.add_argument('--per-call-filterbank', action='store_true')
    args = ap.parse_args()
    paths = [p for p in sys.stdin.read().splitlines() if p]
    try:
        import librosa
        what = f'librosa {librosa.__version__} (res_type={args.resampler})'

        def feature(path):
            y, sr = librosa.load(path, duration=3, offset=0.5, res_type=args.resampler)
            return np.mean(librosa.feature.mfcc(y=y, sr=sr, n_mfcc=40).T, axis=0)
    except ImportError:
        resample = make_resampler(args.resampler)
        if resample is None:
            print(json.dumps({'skipped': f'{args.resampler}: libsoxr not found'}))
            return
        what = f"numpy {np.__version__} + {'libsoxr HQ' if args.resampler == 'soxr_hq' else 'resampy kaiser_best'} re-implementation of librosa's recipe (librosa itself not installable here)"

        if args.per_call_filterbank:
            what += ', the mel filterbank built per clip as librosa does'

        def feature(path):
            return seed_feature(load(path, resample), mel_filterbank(SR) if args.per_call_filterbank else None)
    for p in paths[:20]:
        feature(p)
    t0 = time.perf_counter()
    out = [feature(p) for p in paths]
    seconds = time.perf_counter() - t0
    print(json.dumps({'clips': len(out), 'seconds': seconds, 'what': what, 'first': [round(float(v), 4) for v in out[0][:3]]}))


main()
