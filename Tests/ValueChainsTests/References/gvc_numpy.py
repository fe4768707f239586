#!/usr/bin/env python3
"""Independent reference for offshore's value-chain measures (Sources/ValueChains) on the bundled WIOD 2013 tables.

Written from the definitions in Sources/ValueChains/GVCMeasure.swift, not from the Swift code: the Leontief inverse is
formed in full with numpy.linalg.inv (the Swift code never forms it: it solves with an LU factorisation), and every year
it is checked against pymrio's calc_A / calc_L / calc_M (pymrio 0.5: the value-added multipliers by region S L), so
two independent inverses agree before any measure is computed.

Writes (gzip CSV, values with 17 significant digits):
  gvc_wiod2013_full.csv.gz   BEL, DEU, CHN: every industry, aggregate and `all`, every measure and group, 1995 and 2011
  gvc_wiod2013_all.csv.gz    every one of the 41 regions, 17 years, units `all` and `manufacturing`, every measure,
                             group `total` only (the groups are in the full file)
Run from the repository root:  python3 Tests/ValueChainsTests/References/gvc_numpy.py
"""
import gzip, os, sys, time, tomllib
import numpy as np
import pandas as pd
import pymrio

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TABLES = os.path.join(ROOT, "SupplyUseTables", "wiod2013")
OUT = os.path.dirname(os.path.abspath(__file__))
NI, NK = 35, 5
MEASURES = ["vs", "vs_direct", "vs_indirect", "vs1", "fva_final", "dva_exports", "fva_exports", "vax_ratio",
            "gvc_backward", "gvc_forward", "gvc_participation", "upstreamness", "downstreamness"]
NO_GROUPS = {"dva_exports", "upstreamness", "downstreamness"}
LEVELS = {"upstreamness", "downstreamness"}

grouping = tomllib.load(open(os.path.join(ROOT, "SupplyUseTables", "groupings", "default.toml"), "rb"))
aliases = grouping.get("aliases", {})
groups = [(g["name"], set(g["regions"])) for g in grouping["group"]]
classification = tomllib.load(open(os.path.join(ROOT, "SupplyUseTables", "classifications", "wiod2013.toml"), "rb"))
aggregates = [(a["name"], a["industries"]) for a in classification["aggregate"]]


def load(year):
    df = pd.read_csv(os.path.join(TABLES, f"WIOT{year}_wiod2013.csv.gz"), index_col=0)
    n = len(df.index)
    Z = df.iloc[:, :n].to_numpy(dtype=float)
    F = df.iloc[:, n:n + (n // NI) * NK].to_numpy(dtype=float)
    x = df["OUT"].to_numpy(dtype=float)
    regions = [df.index[k].split("_")[0] for k in range(0, n, NI)]
    industries = [df.index[k].split("_", 1)[1] for k in range(NI)]
    return Z, F, x, regions, industries


def measures(year, countries):
    Z, F, x, regions, industries = load(year)
    n, nR = len(x), len(regions)
    G = len(groups)
    group_of = []
    for r in regions:
        iso = aliases.get(r, r)
        group_of.append(next((g for g, (_, members) in enumerate(groups) if iso in members), None))
    pos = x > 0
    A = np.where(pos[None, :], Z / np.where(pos, x, 1)[None, :], 0.0)
    v = np.where(pos, 1 - Z.sum(axis=0) / np.where(pos, x, 1), 0.0)
    L = np.linalg.inv(np.eye(n) - A)
    # pymrio: the same A and L, and the value-added multipliers by region.
    Zp, xp = pd.DataFrame(Z), pd.DataFrame({"indout": x})
    Ap = pymrio.calc_A(Zp, xp).to_numpy()
    Lp = pymrio.calc_L(pd.DataFrame(Ap)).to_numpy()
    assert np.max(np.abs(Ap - A)) < 1e-15, "pymrio's A differs"
    assert np.max(np.abs(Lp - L)) < 1e-9, f"pymrio's L differs by {np.max(np.abs(Lp - L))}"
    reg = np.arange(n) // NI
    S = np.zeros((nR, n))
    S[reg, np.arange(n)] = v
    VA = S @ L  # VA[r, k]: value added of region r per unit of final output of column k
    VAp = pymrio.calc_M(pd.DataFrame(S), pd.DataFrame(Lp)).to_numpy()
    assert np.max(np.abs(VAp - VA)) < 1e-9, "pymrio's multipliers differ"
    Fd = F.reshape(n, nR, NK).sum(axis=2)
    foreign = reg[:, None] != reg[None, :]
    e = (Z * foreign).sum(axis=1) + Fd.sum(axis=1) - Fd[np.arange(n), reg]
    y = Fd.sum(axis=1)
    E = np.zeros((n, nR))
    E[np.arange(n), reg] = e
    LE, LF, Lx, down = L @ E, L @ Fd, L @ x, L.sum(axis=0)

    rows = []
    for c_name in countries:
        c = regions.index(c_name)
        ks = np.arange(c * NI, (c + 1) * NI)
        masks = [np.array([r != c for r in range(nR)])] + [np.array([r != c and group_of[r] == g for r in range(nR)]) for g in range(G)]
        # HIY from the country's own block.
        AD = A[np.ix_(ks, ks)]
        direct = np.stack([A[np.repeat(m, NI)][:, ks].sum(axis=0) for m in masks], axis=1)  # (NI, 1+G)
        total = (direct.T @ np.linalg.inv(np.eye(NI) - AD)).T
        num = {}
        ek, yk, xk = e[ks], y[ks], x[ks]
        num["vs"] = (total * ek[:, None], ek)
        num["vs_direct"] = (direct * ek[:, None], ek)
        num["vs_indirect"] = ((total - direct) * ek[:, None], ek)
        fva = np.stack([VA[m][:, ks].sum(axis=0) for m in masks], axis=1)
        num["fva_exports"] = (fva * ek[:, None], ek)
        num["gvc_backward"] = num["fva_exports"]
        num["fva_final"] = (fva * yk[:, None], yk)
        num["dva_exports"] = ((VA[c, ks] * ek)[:, None], ek)
        fwd = np.stack([(v[ks, None] * LE[ks][:, m]).sum(axis=1) for m in masks], axis=1)
        num["vs1"] = (fwd, ek)
        num["gvc_forward"] = num["vs1"]
        num["vax_ratio"] = (np.stack([(v[ks, None] * LF[ks][:, m]).sum(axis=1) for m in masks], axis=1), ek)
        num["gvc_participation"] = (fva * ek[:, None] + fwd, ek)
        num["upstreamness"] = (Lx[ks][:, None], xk)
        num["downstreamness"] = ((down[ks] * xk)[:, None], xk)
        defined = xk > 0
        units = [(ind, [i]) for i, ind in enumerate(industries)]
        units += [(name, [industries.index(i) for i in members]) for name, members in aggregates] + [("all", list(range(NI)))]
        for unit, members in units:
            members = [i for i in members if defined[i]]
            for m in MEASURES:
                values, weight = num[m]
                w = weight[members].sum()
                if not w > 0:
                    continue
                scale = 1.0 if m in LEVELS else 100.0
                names = ["total"] + ([g for g, _ in groups] if m not in NO_GROUPS else [])
                for o, g in enumerate(names):
                    rows.append((c_name, unit, year, m, g, scale * values[members, o].sum() / w))
    return rows, regions


def write(path, rows):
    with gzip.open(path, "wt", newline="") as f:
        f.write("country,unit,year,measure,group,value\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{r[5]:.17g}\n")


if __name__ == "__main__":
    t0 = time.time()
    full, everything = [], []
    regions = load(1995)[3]
    for year in range(1995, 2012):
        rows, _ = measures(year, regions)
        everything += [r for r in rows if r[1] in ("all", "manufacturing") and r[4] == "total"]
        if year in (1995, 2011):
            full += [r for r in rows if r[0] in ("BEL", "DEU", "CHN")]
        print(year, f"{time.time() - t0:.1f} s", file=sys.stderr)
    write(os.path.join(OUT, "gvc_wiod2013_full.csv.gz"), full)
    write(os.path.join(OUT, "gvc_wiod2013_all.csv.gz"), everything)
    print(f"{len(full)} + {len(everything)} rows in {time.time() - t0:.1f} s", file=sys.stderr)
