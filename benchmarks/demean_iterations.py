#!/usr/bin/env python3
"""Iterations of pyfixest's default demeaner (the Rust port of fixest's accelerated alternating projections,
`pyfixest.core.demean`, tolerance 1e-6 as `feols` uses it) per column of a benchmark panel, to set beside the
sweeps `offshore-perf regress` prints for its own demeaning (Irons-Tuck, relative tolerance 1e-10).

pyfixest's function answers only whether it converged within `maxiter`, so the count is the smallest `maxiter`
that converges.

    python3 benchmarks/demean_iterations.py benchmarks/data/panel_1e6.csv
"""
import sys
import time

import numpy as np
import pandas as pd
from pyfixest.core import demean

df = pd.read_csv(sys.argv[1])
flist = np.column_stack([pd.factorize(df["id"])[0], pd.factorize(df["t"])[0]]).astype(np.uint64)
w = np.ones(len(df))
for tol in (1e-6, 1e-10):
    counts = []
    for col in ["y", "x1", "x2", "x3", "x4", "x5"]:
        x = df[[col]].to_numpy(dtype=np.float64).copy()
        k = None
        for m in range(1, 200):
            _, ok = demean(x.copy(), flist, w, tol=tol, maxiter=m)
            if ok:
                k = m
                break
        counts.append(f"{col} {k}")
    t = time.perf_counter()
    demean(df[["y", "x1", "x2", "x3", "x4", "x5"]].to_numpy(dtype=np.float64).copy(), flist, w, tol=tol, maxiter=10_000)
    print(f"pyfixest.core.demean, tolerance {tol:g}: iterations {', '.join(counts)}; "
          f"{time.perf_counter() - t:.2f} s for the 6 columns together ({len(df)} rows)")
