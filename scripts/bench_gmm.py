#!/usr/bin/env python3
"""Speed benchmark of issue 19: two-step system GMM with collapsed instruments, offshore against pydynpd and
R's plm::pgmm, on seeded dynamic panels of N firms x 10 years (y_it = 0.6 y_i,t-1 + 0.4 x_it + a_i + e_it).

Usage: python3 scripts/bench_gmm.py [--sizes 1000,10000] [--peer-timeout 600]
  OFFSHORE     the offshore binary (default .build/release/offshore, else .build/debug/offshore)
  PYDYNPD_PYTHON  a Python with pydynpd (0.2.2 needs numpy < 2; default python3)
Writes Reports/benchmarks/gmm_system.md (appending nothing else). Each tool runs as a whole process (wall
seconds, start-up and reading the CSV included) on the same CSV; a peer that exceeds --peer-timeout at a size
is recorded as such and not run at larger sizes. The model, in each tool's syntax:
  offshore: y ~ l(y, 1) + x | year | gmm(y, 2:99), --gmm system --collapse --steps 2 --gmm-convention xtabond2
  pydynpd:  y L1.y x | gmm(y, 2:.) iv(x) | timedumm collapse
  pgmm:     y ~ lag(y, 1) + x | lag(y, 2:99), effect = "twoways", transformation = "ld", collapse = TRUE
(pgmm's convention differs from xtabond2's by one instrument column for x, so its coefficient differs a little;
offshore --gmm-convention pgmm gives pgmm's.)
"""
import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def panel(n, years, path, seed=20261203):
    rng = np.random.default_rng(seed)
    burn = 30
    a = rng.normal(size=n)
    y = a / 0.4
    x = np.zeros(n)
    rows = []
    for t in range(-burn, years):
        x = 0.5 * x + rng.normal(size=n)
        y = 0.6 * y + 0.4 * x + a + rng.normal(size=n)
        if t >= 0:
            rows.append(np.column_stack([np.arange(1, n + 1), np.full(n, 2001 + t), y, x]))
    data = np.vstack(rows)
    data = data[np.lexsort((data[:, 1], data[:, 0]))]
    with open(path, "w") as f:
        f.write("firm,year,y,x\n")
        for r in data:
            f.write(f"{int(r[0])},{int(r[1])},{float(r[2])!r},{float(r[3])!r}\n")


def timed(cmd, timeout, env=None):
    start = time.perf_counter()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return None, None, f"over {timeout} s"
    wall = time.perf_counter() - start
    if out.returncode != 0:
        return wall, None, "failed: " + (out.stderr.strip().splitlines() or ["?"])[-1][:200]
    return wall, out.stdout, ""


PYDYNPD = """
import contextlib, io, sys, json
import pandas as pd
from pydynpd import regression
with contextlib.redirect_stdout(io.StringIO()):
    m = regression.abond("y L1.y x | gmm(y, 2:.) iv(x) | timedumm collapse", pd.read_csv(sys.argv[1]), ["firm", "year"]).models[0]
print(json.dumps({"lag": float(m.regression_table["coefficient"][0]), "se": float(m.regression_table["std_err"][0]),
                  "hansen": float(m.hansen.test_value)}))
"""

PGMM = """
suppressPackageStartupMessages(library(plm))
d <- read.csv(commandArgs(TRUE)[1])
f <- pgmm(y ~ lag(y, 1) + x | lag(y, 2:99), data = d, index = c("firm", "year"), effect = "twoways",
          model = "twosteps", collapse = TRUE, transformation = "ld")
cat(sprintf('{"lag": %.17g, "se": %.17g, "hansen": %.17g}\\n', coef(f)[1], sqrt(diag(vcovHC(f)))[1],
            sargan(f)$statistic))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--peer-timeout", type=float, default=600)
    args = ap.parse_args()
    offshore = os.environ.get("OFFSHORE") or next(
        (p for p in (os.path.join(ROOT, ".build/release/offshore"), os.path.join(ROOT, ".build/debug/offshore")) if os.path.exists(p)), None)
    if offshore is None:
        sys.exit("no offshore binary: build first (swift build -c release) or set OFFSHORE")
    pyd = os.environ.get("PYDYNPD_PYTHON", sys.executable)
    tmp = tempfile.mkdtemp(prefix="bench-gmm-")
    peer_py, peer_r = os.path.join(tmp, "pydynpd_run.py"), os.path.join(tmp, "pgmm_run.R")
    open(peer_py, "w").write(PYDYNPD)
    open(peer_r, "w").write(PGMM)
    load_start = os.getloadavg()
    rows, dead = [], set()
    for n in [int(s) for s in args.sizes.split(",")]:
        csv = os.path.join(tmp, f"panel_{n}.csv")
        panel(n, 10, csv)
        wall, out, note = timed([offshore, "regress", "--data", csv, "--model", "gmm", "--panel", "firm,year",
                                 "--formula", "y ~ l(y, 1) + x | year | gmm(y, 2:99)", "--gmm", "system",
                                 "--gmm-convention", "xtabond2", "--collapse", "--steps", "2", "--format", "json"], 3600)
        ours = json.loads(out) if out else None
        lag = ours["coefficients"][0] if ours else None
        rows.append((n, "offshore", wall, note or f"lag {lag['estimate']:.6f} (SE {lag['std_error']:.6f}), Hansen {ours['hansen']['statistic']:.4f}"))
        for name, cmd in (("pydynpd", [pyd, peer_py, csv]), ("plm::pgmm", ["Rscript", peer_r, csv])):
            if name in dead:
                rows.append((n, name, None, "not run (slower than the timeout at a smaller size)"))
                continue
            wall, out, note = timed(cmd, args.peer_timeout)
            if out:
                r = json.loads(out.strip().splitlines()[-1])
                note = f"lag {r['lag']:.6f} (SE {r['se']:.6f}), Hansen {r['hansen']:.4f}"
                if ours and name == "pydynpd":
                    note += f"; absolute difference to offshore: lag {abs(r['lag'] - lag['estimate']):.1e}"
            if wall is None:
                dead.add(name)
            rows.append((n, name, wall, note))
        print(rows[-3:], flush=True)
    load_end = os.getloadavg()
    plm_version = subprocess.run(["Rscript", "-e", "cat(as.character(packageVersion('plm')))"], capture_output=True, text=True).stdout
    lines = [f"# Two-step system GMM, collapsed instruments ({time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC)", "",
             f"Machine: {os.cpu_count()} CPUs, {platform.platform()}; load average {load_start[0]:.2f} at the start and "
             f"{load_end[0]:.2f} at the end (other helpers' builds and tests share the machine, so the walls are upper bounds).",
             f"offshore binary: {os.path.relpath(offshore, ROOT)} (the tests' build, -Xswiftc -O, unless OFFSHORE names another); peers: pydynpd via {pyd}, R's plm {plm_version}.",
             "Whole processes (start-up and reading the CSV included), wall seconds, one run each; the panel is N firms x 10 years,",
             "written by scripts/bench_gmm.py (seeded). Model and syntax per tool in the script's docstring.", "",
             "| firms | rows | tool | wall s | result |", "|---|---|---|---|---|"]
    for n, name, wall, note in rows:
        lines.append(f"| {n} | {10 * n} | {name} | {'' if wall is None else f'{wall:.2f}'} | {note} |")
    path = os.path.join(ROOT, "Reports/benchmarks/gmm_system.md")
    open(path, "w").write("\n".join(lines) + "\n")
    print(open(path).read())


if __name__ == "__main__":
    main()
