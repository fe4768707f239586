#!/usr/bin/env python3
"""Synthetic inputs for the benchmarks, seeded, written once (benchmarks/compare.py calls this).

panel ROWS OUT.csv  an unbalanced panel: ROWS rows drawn without replacement from G entities x T periods
                    (G = 10^4, 5x10^4, 10^5 for 10^5, 10^6, 10^7 rows; 80 % of the cells present), 5 regressors
                    correlated with both effects, y = X b + entity effect + time effect + an error with an entity
                    component; columns y,x1..x5,id,t; floats written by pandas' to_csv (17 significant digits).
panel-stream ROWS OUT.csv
                    the same model written a block of entities at a time (memory of one block, not of the file), for
                    10^8 rows (12.7 GB): G = ROWS/100 entities x 125 periods, exactly 80 % of each block's cells
                    present; the numbers differ from `panel`'s (another draw), the model and layout are the same.
icio OUT.csv        a dense table the size of an OECD ICIO table (81 regions x 45 industries = 3645 rows; 3645
                    intermediate columns, 81 x 6 final demand, OUT), 40 % zeros, values with 3 decimals.
"""
import sys

import numpy as np
import pandas as pd


def panel(rows: int, out: str) -> None:
    rng = np.random.default_rng(20261123 + rows)
    g = {10**5: 10**4, 10**6: 5 * 10**4, 10**7: 10**5}.get(rows, max(10, rows // 100))
    t = int(np.ceil(rows / (0.8 * g)))
    cells = np.sort(rng.choice(g * t, size=rows, replace=False))
    ids, ts = cells // t, cells % t
    alpha, gamma, u_ent = rng.normal(size=g), rng.normal(size=t), 0.5 * rng.normal(size=g)
    beta = np.array([1.0, -0.5, 0.25, 2.0, -1.5])
    x = np.empty((rows, 5))
    for k in range(5):
        x[:, k] = (0.3 + 0.2 * k) * alpha[ids] + (0.4 - 0.1 * k) * gamma[ts] + rng.normal(size=rows)
    y = x @ beta + alpha[ids] + gamma[ts] + u_ent[ids] + rng.normal(size=rows)
    df = pd.DataFrame({"y": y, **{f"x{k + 1}": x[:, k] for k in range(5)}, "id": ids, "t": ts})
    df.to_csv(out, index=False)


def panel_stream(rows: int, out: str, block: int = 20_000) -> None:
    rng = np.random.default_rng(20261203 + rows)
    t = 125
    g = rows // 100
    if g % block:
        sys.exit(f"panel-stream: ROWS/100 = {g} entities must be a multiple of {block}")
    gamma = rng.normal(size=t)
    beta = np.array([1.0, -0.5, 0.25, 2.0, -1.5])
    per_block = block * t * 4 // 5
    with open(out, "w") as f:
        for b in range(g // block):
            cells = np.sort(rng.choice(block * t, size=per_block, replace=False))
            local, ts = cells // t, cells % t
            alpha, u_ent = rng.normal(size=block), 0.5 * rng.normal(size=block)
            x = np.empty((per_block, 5))
            for k in range(5):
                x[:, k] = (0.3 + 0.2 * k) * alpha[local] + (0.4 - 0.1 * k) * gamma[ts] + rng.normal(size=per_block)
            y = x @ beta + alpha[local] + gamma[ts] + u_ent[local] + rng.normal(size=per_block)
            df = pd.DataFrame({"y": y, **{f"x{k + 1}": x[:, k] for k in range(5)}, "id": local + b * block, "t": ts})
            df.to_csv(f, index=False, header=b == 0)


def icio(out: str) -> None:
    rng = np.random.default_rng(7)
    regions, industries, fd = 81, 45, 6
    labels = [f"R{r:02d}_{i + 1:02d}" for r in range(regions) for i in range(industries)]
    n = len(labels)
    cols = labels + [f"R{r:02d}_FD{k + 1}" for r in range(regions) for k in range(fd)] + ["OUT"]
    z = np.round(rng.lognormal(mean=1.0, sigma=2.0, size=(n, len(cols))), 3)
    z[rng.random(size=z.shape) < 0.4] = 0.0
    z[:, -1] = z[:, :-1].sum(axis=1)
    df = pd.DataFrame(z, columns=cols)
    df.insert(0, "row", labels)
    df.to_csv(out, index=False, float_format="%.3f")


if __name__ == "__main__":
    if sys.argv[1] == "panel":
        panel(int(float(sys.argv[2])), sys.argv[3])
    elif sys.argv[1] == "panel-stream":
        panel_stream(int(float(sys.argv[2])), sys.argv[3])
    elif sys.argv[1] == "icio":
        icio(sys.argv[2])
    else:
        sys.exit(__doc__)
