"""The PyTorch baseline for `npm run bench -- train`: the seed preset's model, one thread, per-epoch time.

    python3 scripts/py/train_seed.py --epochs 5 --seed 42 < features.jsonl

stdin: `ser features <tess> --json` lines ({"path", "data": 40 seed values}); the label is the file
name's last word (TESS: OAF_back_fear.wav → fear). Split: a seeded shuffle, 80/20 stratified by
label, as the app's random split (1141 training / 286 validation clips of the shared TESS half).
Model: the seed preset (src-main/core/model/presets.ts): LSTM(256) over the 40 values as a 40-step
sequence of 1, dropout 0.2, dense 128 relu, dropout 0.2, dense 64 relu, dropout 0.2, dense softmax;
Adam (1e-3, 0.9, 0.999, 1e-7), categorical cross-entropy, batch 64. An epoch is what the app times:
the training batches plus predicting the validation clips. Prints one JSON line.
"""
import argparse
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn


class Seed(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.lstm = nn.LSTM(1, 256, batch_first=True)
        self.head = nn.Sequential(nn.Dropout(0.2), nn.Linear(256, 128), nn.ReLU(), nn.Dropout(0.2), nn.Linear(128, 64), nn.ReLU(), nn.Dropout(0.2),
                                  nn.Linear(64, classes))

    def forward(self, x):
        _, (h, _) = self.lstm(x)
        return self.head(h[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--epochs', type=int, default=5)
    ap.add_argument('--seed', type=int, default=42)
    ap.add_argument('--batch', type=int, default=64)
    args = ap.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(args.seed)
    rows = [json.loads(line) for line in sys.stdin if line.strip()]
    labels = sorted({os.path.splitext(os.path.basename(r['path']))[0].split('_')[-1].lower() for r in rows})
    x = np.array([r['data'] for r in rows], dtype=np.float32)[:, :, None]
    y = np.array([labels.index(os.path.splitext(os.path.basename(r['path']))[0].split('_')[-1].lower()) for r in rows])
    rng = np.random.default_rng(args.seed)
    train_idx, val_idx = [], []
    for c in range(len(labels)):
        idx = rng.permutation(np.flatnonzero(y == c))
        n_val = int(round(0.2 * len(idx)))
        val_idx += list(idx[:n_val])
        train_idx += list(idx[n_val:])
    xt, yt = torch.from_numpy(x[train_idx]), torch.from_numpy(y[train_idx])
    xv, yv = torch.from_numpy(x[val_idx]), torch.from_numpy(y[val_idx])
    model = Seed(len(labels))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    seconds, acc = [], float('nan')
    for _ in range(args.epochs):
        t0 = time.perf_counter()
        model.train()
        order = torch.randperm(len(xt))
        for b in range(0, len(xt), args.batch):
            i = order[b:b + args.batch]
            opt.zero_grad()
            loss = loss_fn(model(xt[i]), yt[i])
            loss.backward()
            opt.step()
        model.eval()
        with torch.no_grad():
            acc = float((model(xv).argmax(1) == yv).float().mean())
        seconds.append(time.perf_counter() - t0)
    print(json.dumps({'what': f'PyTorch {torch.__version__}, {torch.get_num_threads()} thread', 'train': len(xt), 'validation': len(xv),
                      'epochs': args.epochs, 'secondsPerEpoch': statistics.median(seconds), 'seconds': seconds, 'valAccuracy': acc}))


main()
