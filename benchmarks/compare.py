#!/usr/bin/env python3
"""offshore side by side with pandas, pyfixest and linearmodels, on the same machine, files and SE convention.

    python3 benchmarks/compare.py [--sizes 1e5,1e6,1e7] [--scratch-path .build-perf] [--skip-build]
                                  [--peer-timeout 1800] [--only parse,measures,estimation]

Creates benchmarks/.venv with pandas, pyarrow, pyfixest and linearmodels (PyPI), builds offshore and
offshore-perf in release mode, writes the synthetic inputs once to benchmarks/data/ (benchmarks/gen_data.py,
seeded), runs every workload as a whole process under /usr/bin/time -v (wall time and "Maximum resident set
size"), checks that the numbers agree (coefficients 1e-8, clustered SEs 1e-6, measures 1e-9, all relative),
prints one table of ratios (offshore / peer: below 1 means offshore is faster or smaller) and writes it with
the machine's description to Reports/benchmarks/results.md and results.csv.

Benchmark 4 (--only sensitivity): `offshore sensitivity run` over benchmarks/sensitivity/grid.toml (the default
grouping, each CEE country left out, KOR or TUR moved to OECD; two denominators: 26 variants of four models)
against benchmarks/peers.py sensitivity, a pandas + linearmodels loop doing the same work per variant (om/os from the
tables read once, the panel, PanelOLS and IV2SLS fits). The peer runs --sensitivity-k variants and is extrapolated to
the grid (its table loading once, plus the grid's variants at its mean time per variant); its coefficients must equal
offshore's to 1e-6 relative on the baseline variant and on one leave-one-out variant.
"""
import sqlite3
import argparse
import csv
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BENCH = os.path.join(ROOT, "benchmarks")
VENV = os.path.join(BENCH, ".venv")
DATA = os.path.join(BENCH, "data")
OUT = os.path.join(ROOT, "Reports", "benchmarks")
WIOD = os.path.join(ROOT, "SupplyUseTables", "wiod2013")
CLASSIFICATION = os.path.join(ROOT, "SupplyUseTables", "classifications", "wiod2013.toml")
GROUPING = os.path.join(ROOT, "SupplyUseTables", "groupings", "default.toml")
ACCOUNTS = os.path.join(ROOT, "SupplyUseTables", "accounts", "BEL_synthetic_sea.csv")
GRID = os.path.join(BENCH, "sensitivity", "grid.toml")
FORMULA = "y ~ x1 + x2 + x3 + x4 + x5 | id + t"
PEERS = ["pandas", "pyarrow", "pyfixest", "linearmodels"]


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def ensure_venv():
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    missing = []
    for pkg in PEERS:
        r = subprocess.run([py, "-c", f"import {pkg}"], capture_output=True)
        if r.returncode != 0:
            missing.append(pkg)
    if missing:
        log(f"installing {' '.join(missing)} into {VENV}")
        r = subprocess.run([py, "-m", "pip", "install", "-q"] + missing)
        if r.returncode != 0 and "pyfixest" in missing:
            log("pyfixest could not be installed: the estimation compares with linearmodels alone")
            subprocess.run([py, "-m", "pip", "install", "-q"] + [m for m in missing if m != "pyfixest"], check=True)
    versions = {}
    for pkg in PEERS + ["numpy"]:
        r = subprocess.run([py, "-c", f"import {pkg}; print({pkg}.__version__)"], capture_output=True, text=True)
        versions[pkg] = r.stdout.strip() if r.returncode == 0 else None
    return py, versions


def ensure_time():
    if not os.path.exists("/usr/bin/time"):
        log("installing GNU time (Debian package `time`)")
        subprocess.run(["apt-get", "install", "-y", "-q", "time"], check=True)


def build(scratch):
    for product in ["offshore", "offshore-perf"]:
        subprocess.run(["swift", "build", "-c", "release", "--scratch-path", scratch, "--product", product],
                       cwd=ROOT, check=True)
    return (os.path.join(ROOT, scratch, "release", "offshore"), os.path.join(ROOT, scratch, "release", "offshore-perf"))


def measure(cmd, timeout=None):
    """Runs cmd under /usr/bin/time -v: wall seconds, peak RSS in MB, stdout, status (None on timeout)."""
    try:
        r = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return {"wall": None, "mb": None, "stdout": "", "status": None}
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", r.stderr)
    w = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", r.stderr)
    wall = None
    if w:
        parts = [float(p) for p in w.group(1).split(":")]
        wall = sum(p * 60 ** k for k, p in enumerate(reversed(parts)))
    if r.returncode != 0:
        log(f"FAILED ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return {"wall": wall, "mb": int(m.group(1)) / 1024 if m else None, "stdout": r.stdout, "status": r.returncode}


def last_json(text):
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    return None


def rel(a, b):
    return abs(a - b) / max(abs(b), 1e-300)


def machine():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(l for l in open("/proc/meminfo") if l.startswith("MemTotal")).split()[1]
        mem = f"{int(mem) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        mem = "unknown"
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "cpu": cpu, "memory": mem, "os": platform.platform(),
            "load_at_start": f"{load[0]:.2f}", "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M")}


class Table:
    def __init__(self):
        self.rows = []

    def add(self, bench, size, peer, ours, theirs, check):
        inner = last_json(theirs["stdout"]) if theirs.get("stdout") else None
        def ratio(a, b):
            return a / b if a is not None and b not in (None, 0) else None
        self.rows.append({
            "benchmark": bench, "size": size, "peer": peer,
            "offshore_s": ours["wall"], "peer_s": theirs["wall"], "time_ratio": ratio(ours["wall"], theirs["wall"]),
            "offshore_mb": ours["mb"], "peer_mb": theirs["mb"], "memory_ratio": ratio(ours["mb"], theirs["mb"]),
            "peer_inprocess_s": inner.get("seconds") if inner else None, "check": check})
        log(f"  {bench} {size} vs {peer}: {fmt(ours['wall'])} s / {fmt(theirs['wall'])} s, "
            f"{fmt(ours['mb'], 0)} MB / {fmt(theirs['mb'], 0)} MB, {check}")


def fmt(v, d=2):
    return "-" if v is None else f"{v:.{d}f}"


def cpu_note(ours, theirs):
    """Both sides' own CPU seconds for the work (offshore-perf's RESULT line, the peer's JSON): on a busy machine
    CPU time says more than wall time."""
    m = re.search(r"RESULT .*wall=([\d.e-]+) cpu=([\d.e-]+)", ours.get("stdout") or "")
    inner = last_json(theirs.get("stdout") or "") or {}
    note = f"; in-process CPU s: offshore {float(m.group(2)):.2f}" if m else ""
    if m and inner.get("cpu") is not None:
        note += f", peer {inner['cpu']:.2f}"
    return note


def bench_parse(t, perf, py, sizes):
    files = [("panel CSV, 17-digit floats", os.path.join(DATA, f"panel_{sizes[min(1, len(sizes) - 1)]}.csv")),
             ("ICIO-sized table (3645 x 4132)", os.path.join(DATA, "icio.csv"))]
    for label, f in files:
        mb = os.path.getsize(f) / 1e6
        ours = measure([perf, "parse", f])
        for engine in ["c", "pyarrow"]:
            theirs = measure([py, os.path.join(BENCH, "peers.py"), "parse", engine, f])
            ok = ours["status"] == 0 and theirs["status"] == 0
            t.add("parse: " + label, f"{mb:.0f} MB", f"pandas read_csv ({engine})", ours, theirs,
                  ("same shape" + cpu_note(ours, theirs)) if ok else "failed")
    for mode in ["sequential", "parallel"]:
        ours = measure([perf, "wiod", WIOD] + (["--parallel"] if mode == "parallel" else []))
        for engine in ["c", "pyarrow"]:
            theirs = measure([py, os.path.join(BENCH, "peers.py"), "wiod", engine, WIOD])
            t.add(f"parse: WIOD 17 tables ({mode})", "40.0 M cells", f"pandas read_csv ({engine})", ours, theirs,
                  ("ok" + cpu_note(ours, theirs)) if ours["status"] == 0 and theirs["status"] == 0 else "failed")


def compare_measures(a, b):
    def load(p):
        with open(p) as f:
            return {(r["year"], r["country"], r["unit"], r["measure"], r["origin"]): float(r["value"]) for r in csv.DictReader(f)}
    x, y = load(a), load(b)
    if set(x) != set(y):
        return f"different units ({len(x)} vs {len(y)})"
    worst = max((rel(x[k], y[k]) if y[k] != 0 else abs(x[k]) for k in x), default=0)
    return f"{len(x)} values, max rel diff {worst:.1e}" + ("" if worst <= 1e-9 else " (FAILS 1e-9)")


def bench_measures(t, perf, py):
    for who in ["BEL", "all"]:
        a, b = os.path.join(DATA, f"measures_{who}_offshore.csv"), os.path.join(DATA, f"measures_{who}_peer.csv")
        ours = measure([perf, "measures", WIOD, CLASSIFICATION, GROUPING, who, "--output", a])
        theirs = measure([py, os.path.join(BENCH, "peers.py"), "measures", WIOD, CLASSIFICATION, GROUPING, who, b])
        check = compare_measures(a, b) if ours["status"] == 0 and theirs["status"] == 0 else "failed"
        t.add(f"measures: om/os by group, {'BEL' if who == 'BEL' else '41 countries'}, 17 years", "17 tables",
              "pandas + numpy", ours, theirs, check)


def bench_estimation(t, offshore, py, sizes, timeout, versions):
    scaling = []
    for s in sizes:
        f = os.path.join(DATA, f"panel_{s}.csv")
        ours = measure([offshore, "regress", "--data", f, "--formula", FORMULA, "--vcov", "cluster:id", "--format", "json"])
        scaling.append((float(s), ours["wall"]))
        res = last_json(ours["stdout"]) if ours["status"] == 0 else None
        coef = {c["term"]: (c["estimate"], c["std_error"]) for c in res["coefficients"]} if res else {}
        for peer in ["pyfixest", "absorbingls", "panelols"]:
            if peer == "pyfixest" and not versions.get("pyfixest"):
                continue
            theirs = measure([py, os.path.join(BENCH, "peers.py"), peer, f], timeout=timeout)
            out = last_json(theirs["stdout"]) if theirs["status"] == 0 else None
            if theirs["status"] is None:
                check = f"peer stopped after {timeout} s"
            elif not out or not coef:
                check = "failed"
            else:
                names = ["x1", "x2", "x3", "x4", "x5"]
                db = max(rel(coef[n][0], out["coef"][k]) for k, n in enumerate(names))
                ds = max(rel(coef[n][1], out["se"][k]) for k, n in enumerate(names))
                check = f"coef {db:.0e}" + (" ok" if db <= 1e-8 else " FAILS 1e-8")
                if peer == "pyfixest":
                    check += f", SE {ds:.0e}" + (" ok" if ds <= 1e-6 else " FAILS 1e-6")
                    if ds > 1e-6:
                        # A constant ratio is a degrees-of-freedom convention, not arithmetic: say how many
                        # parameters more the peer counts in K and how constant the ratio is.
                        ratios = [out["se"][k] / coef[n][1] for k, n in enumerate(names)]
                        n_obs = res["nobs"]
                        extra = n_obs * (1 - 1 / (sum(ratios) / len(ratios)) ** 2)
                        check += (f" (ratio {ratios[0]:.8f}, constant to {max(ratios) - min(ratios):.0e}: the peer counts "
                                  f"{extra:.2f} more parameter(s) in K)")
                else:
                    # linearmodels counts every absorbed effect in K of its debiased clustered covariance
                    # (fixest does not count the entity effects nested in the entity clusters): its SEs are
                    # larger by the constant factor sqrt((N-K_fixest)/(N-K_lm)); the ratio is shown.
                    ratios = [out["se"][k] / coef[n][1] for k, n in enumerate(names)]
                    check += f", SE ratio {min(ratios):.6f}-{max(ratios):.6f} (K convention)"
            label = {"pyfixest": "pyfixest feols", "absorbingls": "linearmodels AbsorbingLS",
                     "panelols": "linearmodels PanelOLS"}[peer]
            t.add("estimation: TWFE, 5 regressors, CR1 by entity", f"{float(s):.0e} rows", label, ours, theirs, check)
    return scaling


# The peer's names of the regressors, in each model's formula order, and offshore's terms for them.
SENSITIVITY_TERMS = {
    "production": ["log(K)", "log(L)", "log(M)", "om", "os"],
    "production_groups": ["log(K)", "log(L)", "log(M)", "om_OECD", "om_CEE", "om_ASIA", "os_OECD", "os_CEE", "os_ASIA"],
    "productivity": ["log(K/L)", "log(M/L)", "om", "os"],
    "production_iv": ["log(K)", "log(L)", "log(M)", "om", "os"],
}


def compare_sensitivity(db, peer_json):
    """Largest relative difference between the peer's coefficients and offshore's, over the variants the peer ran
    (matched by grouping label and denominator), and the number of coefficients compared."""
    con = sqlite3.connect(db)
    ours = {}
    for g, d, m, term, est in con.execute("SELECT grouping, denominator, model, term, estimate FROM results"):
        ours[(g, d, m, term)] = est
    con.close()
    worst, n, missing = 0.0, 0, []
    for v in json.load(open(peer_json)):
        for model, coefs in v["coef"].items():
            for term, b in zip(SENSITIVITY_TERMS[model], coefs):
                key = (v["grouping"], v["denominator"], model, term)
                if key not in ours or ours[key] is None:
                    missing.append(key)
                    continue
                worst = max(worst, rel(b, ours[key]))
                n += 1
    return worst, n, missing


def bench_sensitivity(t, offshore, py, k, timeout):
    """Benchmark 4: variants per second of `offshore sensitivity` against the pandas + linearmodels loop."""
    db = os.path.join(DATA, "sensitivity.db")
    for f in (db, db + "-journal", db + "-wal"):
        if os.path.exists(f):
            os.remove(f)
    # The same command stopped after one variant: what a run costs before its variants (start-up, the tables,
    # preparing the models), so that the marginal cost of a variant can be told from the fixed cost.
    first = os.path.join(DATA, "sensitivity_first.db")
    for f in (first, first + "-journal"):
        if os.path.exists(f):
            os.remove(f)
    fixed = measure([offshore, "sensitivity", "run", "--grid", GRID, "--db", first, "--limit", "1"], timeout=timeout)
    ours = measure([offshore, "sensitivity", "run", "--grid", GRID, "--db", db], timeout=timeout)
    con = sqlite3.connect(db)
    variants = con.execute("SELECT COUNT(*) FROM variants WHERE done = 1").fetchone()[0] if ours["status"] == 0 else 0
    con.close()
    out = os.path.join(DATA, "sensitivity_peer.json")
    theirs = measure([py, os.path.join(BENCH, "peers.py"), "sensitivity", WIOD, CLASSIFICATION, GROUPING, ACCOUNTS,
                      str(k), out], timeout=timeout)
    inner = last_json(theirs["stdout"]) if theirs["status"] == 0 else None
    if not variants or not inner:
        t.add("sensitivity: variants per second", f"{variants} variants", "pandas + linearmodels loop", ours, theirs, "failed")
        return None
    # Whole process for the grid: start-up and imports (process wall minus in-process time), the tables read once,
    # then every variant at the measured mean.
    startup = theirs["wall"] - inner["seconds"]
    extrapolated = startup + inner["load"] + variants * inner["per_variant"]
    worst, n, missing = compare_sensitivity(db, out)
    ok = not missing and worst <= 1e-6
    ours_rate, peer_rate = variants / ours["wall"], variants / extrapolated
    # Marginal: each further variant, once the tables are read (offshore: the full run less the one-variant run).
    ours_marginal = (variants - 1) / max(ours["wall"] - fixed["wall"], 1e-3) if fixed["status"] == 0 and variants > 1 else None
    peer_marginal = 1 / inner["per_variant"]
    check = (f"coef {worst:.0e} over {n} ({inner['variants']} variants)" + (" ok" if ok else " FAILS 1e-6")
             + (f", {len(missing)} missing e.g. {missing[0]}" if missing else "")
             + f"; whole processes {ours_rate:.2f} vs {peer_rate:.3f} variants/s = {ours_rate / peer_rate:.0f}x"
             + (f"; each further variant {ours_marginal:.0f} vs {peer_marginal:.2f} variants/s = {ours_marginal / peer_marginal:.0f}x"
                if ours_marginal else "")
             + f" (peer: {inner['variants']} variants timed, {inner['per_variant']:.2f} s each, tables {inner['load']:.1f} s once;"
             + f" offshore: {fixed['wall']:.2f} s for the first variant)")
    t.add("sensitivity: variants per second", f"{variants} variants", "pandas + linearmodels loop (extrapolated)", ours,
          {"wall": extrapolated, "mb": theirs["mb"], "stdout": theirs["stdout"], "status": 0}, check)
    return {"variants": variants, "ours": ours_rate, "peer": peer_rate, "check": check,
            "ours_marginal": ours_marginal, "peer_marginal": peer_marginal}


def exponent(points):
    pts = [(x, y) for x, y in points if y]
    if len(pts) < 2:
        return None
    import math
    xs, ys = [math.log(x) for x, _ in pts], [math.log(y) for _, y in pts]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((a - mx) * (b - my) for a, b in zip(xs, ys)) / sum((a - mx) ** 2 for a in xs)


CATEGORIES = ["parse", "measures", "estimation", "sensitivity"]
KEPT_MARKER = "<!-- kept by compare.py: sections below are written by hand -->"


def previous_run():
    """The rows of the last results.csv (each with the run it came from) and the last results.md's lines on
    scaling and sensitivity, so that a run of some benchmarks (--only) keeps the others' rows."""
    rows, notes, run = [], {}, "earlier run"
    md = os.path.join(OUT, "results.md")
    if os.path.exists(md):
        text = open(md).read()
        m = re.search(r"# offshore side by side \(([^)]*)\)", text)
        load = re.search(r"load average ([\d.]+) at the start", text)
        if m:
            run = m.group(1) + (f", load {load.group(1)}" if load else "")
        for line in text.splitlines():
            if line.startswith("Scaling of"):
                notes["estimation"] = line
            elif line.startswith("Sensitivity throughput") and "TODO" not in line:
                notes["sensitivity"] = line
    path = os.path.join(OUT, "results.csv")
    if os.path.exists(path):
        with open(path) as f:
            for r in csv.DictReader(f):
                r.setdefault("run", run)
                if not r.get("run"):
                    r["run"] = run
                rows.append(r)
    return rows, notes


def write(t, info, versions, scaling, sensitivity=None, rerun=tuple(CATEGORIES)):
    os.makedirs(OUT, exist_ok=True)
    keys = ["benchmark", "size", "peer", "offshore_s", "peer_s", "time_ratio", "offshore_mb", "peer_mb", "memory_ratio",
            "peer_inprocess_s", "check", "run"]
    this_run = f"{info['date']}, load {info['load_at_start']}"
    new = [{k: (f"{r[k]:.4g}" if isinstance(r[k], float) else ("" if r[k] is None else r[k])) for k in keys[:-1]}
           | {"run": this_run} for r in t.rows]
    old, notes = previous_run()
    kept = [r for r in old if r["benchmark"].split(":")[0] not in rerun]
    rows = sorted(kept + new, key=lambda r: CATEGORIES.index(r["benchmark"].split(":")[0])
                  if r["benchmark"].split(":")[0] in CATEGORIES else len(CATEGORIES))
    with open(os.path.join(OUT, "results.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=keys, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)

    def cell(r, k, d):
        try:
            return fmt(float(r[k]), d)
        except (TypeError, ValueError):
            return "-"
    lines = [f"# offshore side by side ({info['date']})", "",
             f"Machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} memory, {info['os']}; "
             f"load average {info['load_at_start']} at the start (other builds may have been running).",
             f"This run: {', '.join(c for c in CATEGORIES if c in rerun)}; the other rows are kept from the run named in "
             "their last column.",
             "Peers: " + ", ".join(f"{k} {v}" for k, v in versions.items() if v) + ".",
             "Whole processes under /usr/bin/time -v: wall seconds and peak resident memory. "
             "Ratios are offshore / peer: below 1 means offshore is faster or uses less memory.", "",
             "Peer in-process s: the peer's own timer around its work (without starting Python and importing).", "",
             "| benchmark | size | peer | offshore s | peer s | time ratio | offshore MB | peer MB | memory ratio | peer in-process s | check | run |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['benchmark']} | {r['size']} | {r['peer']} | {cell(r, 'offshore_s', 2)} | {cell(r, 'peer_s', 2)} | "
                     f"{cell(r, 'time_ratio', 3)} | {cell(r, 'offshore_mb', 0)} | {cell(r, 'peer_mb', 0)} | "
                     f"{cell(r, 'memory_ratio', 3)} | {cell(r, 'peer_inprocess_s', 2)} | {r['check']} | {r['run']} |")
    e = exponent(scaling)
    if e is not None:
        notes["estimation"] = (f"Scaling of offshore's estimation in rows: wall time ~ N^{e:.2f} over "
                               + ", ".join(f"{x:.0e} rows {y:.2f} s" for x, y in scaling if y) + ".")
    if sensitivity:
        notes["sensitivity"] = (f"Sensitivity throughput (benchmark 4): offshore {sensitivity['ours']:.2f} variants/s, the "
                                f"pandas + linearmodels loop {sensitivity['peer']:.3f} variants/s "
                                f"({sensitivity['ours'] / sensitivity['peer']:.0f}x) over the {sensitivity['variants']} variants "
                                "of benchmarks/sensitivity/grid.toml (four single-equation models; the SUR system is left "
                                "out on both sides), whole processes with the tables read once."
                                + (f" Each further variant once the tables are read: offshore {sensitivity['ours_marginal']:.0f} "
                                   f"variants/s, the loop {sensitivity['peer_marginal']:.2f} "
                                   f"({sensitivity['ours_marginal'] / sensitivity['peer_marginal']:.0f}x)."
                                   if sensitivity.get("ours_marginal") else ""))
    for c in CATEGORIES:
        if c in notes:
            lines += ["", notes[c]]
    text = "\n".join(lines) + "\n"
    # Sections written by hand below the marker (the issue 22 targets, the Slurm and sensitivity figures of
    # offshore-sensitivity-bench, which this script does not run) survive a rerun unchanged.
    md = os.path.join(OUT, "results.md")
    if os.path.exists(md):
        old = open(md).read()
        if KEPT_MARKER in old:
            text += "\n" + old[old.index(KEPT_MARKER):]
    with open(md, "w") as f:
        f.write(text)
    print(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1e5,1e6,1e7")
    ap.add_argument("--scratch-path", default=".build-perf")
    ap.add_argument("--skip-build", action="store_true")
    ap.add_argument("--peer-timeout", type=float, default=1800)
    ap.add_argument("--only", default="parse,measures,estimation,sensitivity")
    ap.add_argument("--sensitivity-k", type=int, default=4, help="variants the peer loop runs (then extrapolated)")
    a = ap.parse_args()
    sizes = a.sizes.split(",")
    only = set(a.only.split(","))
    info = machine()
    ensure_time()
    py, versions = ensure_venv()
    offshore, perf = (os.path.join(ROOT, a.scratch_path, "release", p) for p in ["offshore", "offshore-perf"]) \
        if a.skip_build else build(a.scratch_path)
    os.makedirs(DATA, exist_ok=True)
    for s in sizes + (["1e6"] if "parse" in only else []):
        f = os.path.join(DATA, f"panel_{s}.csv")
        if not os.path.exists(f):
            log(f"writing {f}")
            subprocess.run([py, os.path.join(BENCH, "gen_data.py"), "panel", s, f], check=True)
    if "parse" in only and not os.path.exists(os.path.join(DATA, "icio.csv")):
        subprocess.run([py, os.path.join(BENCH, "gen_data.py"), "icio", os.path.join(DATA, "icio.csv")], check=True)
    t = Table()
    scaling = []
    if "parse" in only:
        bench_parse(t, perf, py, sizes)
    if "measures" in only:
        bench_measures(t, perf, py)
    if "estimation" in only:
        scaling = bench_estimation(t, offshore, py, sizes, a.peer_timeout, versions)
    sensitivity = bench_sensitivity(t, offshore, py, a.sensitivity_k, a.peer_timeout) if "sensitivity" in only else None
    write(t, info, versions, scaling, sensitivity, rerun=tuple(c for c in CATEGORIES if c in only))


if __name__ == "__main__":
    main()
