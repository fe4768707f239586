#!/usr/bin/env python3
"""Independent reference for offshore's decomposition of gross exports (Sources/ValueChains/ExportDecomposition.swift)
on the bundled WIOD 2013 tables.

Written from the papers' block-matrix formulas, not from the Swift code, and by a different route:
  * the global Leontief inverse B = (I - A)^-1 is formed in full (numpy.linalg.inv; the Swift code solves with an LU
    factorisation and never forms it);
  * every local inverse L_rr = (I - A_rr)^-1 is formed in full (block-diagonal matrix Ld);
  * Borin and Mancini's extraction inverse B^s = (I - A^s)^-1, with A^s = A less the exporter's export blocks A_sr
    (r != s), is formed in full for every exporter and year (the Swift code uses the identity
    B^s_{-s,s} = B_{-s,s} B_ss^-1 L_ss instead);
  * Koopman, Wang and Wei's nine terms (AER 2014, equation 36) are summed block by block over the partner r, as
    printed.
Borin and Mancini (2019, World Bank PRWP 8804), exporter perspective, source-based, by exporting industry j of s:
  DVA_j = (V_s L_ss)_j E_j                      DDC_j = (V_s (B_ss - L_ss))_j E_j
  FVA_j = sum_t (V_t B^s_ts)_j E_j              FDC_j = sum_t (V_t (B_ts - B^s_ts))_j E_j
  DVA_j = (V_s L_ss)_j [Y_s* + sum_{r!=s} A_sr L_rr (Y_rr + sum_{t!=r,s} Y_rt + sum_{c!=r} A_rc X^{-s}_c + Y_rs
           + sum_{c!=r} A_rc X^{s}_c + g_r + sum_{c!=r} A_rc X^g_c)]_j      (VAX1, VAX2, VAX3, VAX4, REF1, REF2, GAP),
  X^{s} = B Y_*s, X^{-s} = B sum_{l!=s} Y_*l, X^g = B g.

The tables' rounding gaps g (OUT less intermediate and final use of a row, up to ~100) are a destination of their own,
X = B (Y i + g), with their own terms (bm_gap; kww_dva_gap, kww_fva_gap), zero on a balanced table; A is that of OUT, as for the other value-chain measures, and v = 1 - u'A for
every column (1 for a column without output, whose sales then count as its own value added), so that V B = u'.

Writes (gzip CSV country,unit,year,measure,group,value; values with 17 significant digits; shares in % of gross
exports, gross_exports in US$ million):
  decomposition_wiod2013_all.csv.gz    all 41 regions x 17 years, unit `all`, every term, total and the default groups
  decomposition_wiod2013_full.csv.gz   BEL, DEU, CHN in 1995 and 2011: every exporting industry and manufacturing
                                       (BM's terms; KWW is defined for the country only)
Also checks, per exporter and year, that BM's parts and KWW's nine terms add up to gross exports (1e-12 relative) and
prints the largest gaps. Run from the repository root:
  python3 Tests/ValueChainsTests/References/decomposition_numpy.py [first_year last_year]
"""
import gzip, os, sys, time, tomllib
import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TABLES = os.path.join(ROOT, "SupplyUseTables", "wiod2013")
OUT = os.path.dirname(os.path.abspath(__file__))
NI, NK = 35, 5
BM = ["gross_exports", "bm_vax1", "bm_vax2", "bm_vax3", "bm_vax4", "bm_ref1", "bm_ref2", "bm_gap", "bm_ddc", "bm_fva",
      "bm_fdc", "bm_davax", "bm_vax", "bm_ref", "bm_dva", "bm_dc", "bm_fc"]
KWW = ["kww_dva_fin", "kww_dva_int", "kww_dva_intrex", "kww_rdv_fin", "kww_rdv_int", "kww_ddc", "kww_fva_fin",
       "kww_fva_int", "kww_fdc", "kww_dva_gap", "kww_fva_gap", "kww_vax", "kww_dva", "kww_fva"]
GROUPED = {"bm_fva", "bm_fdc", "bm_fc", "kww_fva_fin", "kww_fva_int", "kww_fdc", "kww_fva_gap", "kww_fva"}

grouping = tomllib.load(open(os.path.join(ROOT, "SupplyUseTables", "groupings", "default.toml"), "rb"))
aliases = grouping.get("aliases", {})
groups = [(g["name"], set(g["regions"])) for g in grouping["group"]]
classification = tomllib.load(open(os.path.join(ROOT, "SupplyUseTables", "classifications", "wiod2013.toml"), "rb"))
manufacturing = next(a["industries"] for a in classification["aggregate"] if a["name"] == "manufacturing")


def load(year):
    df = pd.read_csv(os.path.join(TABLES, f"WIOT{year}_wiod2013.csv.gz"), index_col=0)
    n = len(df.index)
    Z = df.iloc[:, :n].to_numpy(dtype=float)
    F = df.iloc[:, n:n + (n // NI) * NK].to_numpy(dtype=float)
    x = df["OUT"].to_numpy(dtype=float)
    regions = [df.index[k].split("_")[0] for k in range(0, n, NI)]
    industries = [df.index[k].split("_", 1)[1] for k in range(NI)]
    return Z, F, x, regions, industries


def blk(r):
    return slice(r * NI, (r + 1) * NI)


def decompose(year, full_countries):
    Z, F, x, regions, industries = load(year)
    n, nR = len(x), len(regions)
    group_of = []
    for r in regions:
        iso = aliases.get(r, r)
        group_of.append(next((g for g, (_, members) in enumerate(groups) if iso in members), None))
    pos = x > 0
    A = np.where(pos[None, :], Z / np.where(pos, x, 1)[None, :], 0.0)
    # v = 1 - u'A for every column: a column without output has no inputs, so v = 1 there (whatever such a row sells,
    # e.g. LUX_c8's 1 million of intermediates in 1999 with OUT = 0, counts as its own value added), and v'B = u'.
    v = 1 - A.sum(axis=0)
    I = np.eye(n)
    B = np.linalg.inv(I - A)
    Ld = np.zeros((n, n))
    for r in range(nR):
        Ld[blk(r), blk(r)] = np.linalg.inv(np.eye(NI) - A[blk(r), blk(r)])
    Aoff = A.copy()
    for r in range(nR):
        Aoff[blk(r), blk(r)] = 0.0
    Y = F.reshape(n, nR, NK).sum(axis=2)  # Y[k, r]: final demand of region r for row k
    reg = np.arange(n) // NI
    # The bundled tables are rounded to whole millions: OUT differs from intermediate plus final use by up to ~100.
    # g, the row gaps, is a destination of its own (absorbed nowhere in particular): X = B (Y i + g).
    g = x - Z.sum(axis=1) - Y.sum(axis=1)
    Xg = B @ g
    Ydiag = Y[np.arange(n), reg]
    Yexp = Y.sum(axis=1) - Ydiag
    E = Aoff @ x + Yexp  # gross exports of every row
    LdYdiag = Ld @ Ydiag

    rows = []
    gaps = []
    for s, c_name in enumerate(regions):
        S = blk(s)
        Es = E[S]
        # Borin-Mancini, exporting industry j of s.
        Lss = Ld[S, S]
        d = v[S] @ Lss  # V_s L_ss
        dc = v[S] @ B[S, S]  # V_s B_ss
        As = A.copy()
        As[S, :] = 0.0
        As[S, S] = A[S, S]  # s exports nothing
        Bs = np.linalg.inv(I - As)
        others = [t for t in range(nR) if t != s]
        fva_t = np.array([v[blk(t)] @ Bs[blk(t), S] for t in range(nR)])  # (nR, NI), row s unused
        fc_t = np.array([v[blk(t)] @ B[blk(t), S] for t in range(nR)])
        Xs = B @ Y[:, s]
        Xnots = B @ (Y.sum(axis=1) - Y[:, s])
        # Traced through the direct importer r != s: sum_r A_sr L_rr (...) as vectors over s's rows.
        As_r = Aoff[S, :]  # the blocks A_sr, r != s (A_ss zeroed)
        p1 = Yexp[S]
        p2 = As_r @ LdYdiag
        third = Yexp - Y[:, s]  # for rows of r: sum_{t != r, s} Y_rt
        p3 = As_r @ (Ld @ third)
        p4 = As_r @ (Ld @ (Aoff @ Xnots))
        r1 = As_r @ (Ld @ Y[:, s])
        r2 = As_r @ (Ld @ (Aoff @ Xs))
        gp = As_r @ (Ld @ (g + Aoff @ Xg))
        parts = {
            "bm_vax1": d * p1, "bm_vax2": d * p2, "bm_vax3": d * p3, "bm_vax4": d * p4, "bm_ref1": d * r1, "bm_ref2": d * r2,
            "bm_gap": d * gp, "bm_ddc": (dc - d) * Es,
        }
        grouped = {"bm_fva": fva_t * Es[None, :], "bm_fdc": (fc_t - fva_t) * Es[None, :], "bm_fc": fc_t * Es[None, :]}
        for key in grouped:
            grouped[key][s] = 0.0
        parts["bm_davax"] = parts["bm_vax1"] + parts["bm_vax2"]
        parts["bm_vax"] = parts["bm_davax"] + parts["bm_vax3"] + parts["bm_vax4"]
        parts["bm_ref"] = parts["bm_ref1"] + parts["bm_ref2"]
        parts["bm_dva"] = d * Es
        parts["bm_dc"] = dc * Es
        # Koopman, Wang and Wei (2014), equation 36, block by block over r != s.
        Yss, Ys_exp = Y[S, s], Yexp[S]
        k = dict.fromkeys(["kww_dva_fin", "kww_dva_int", "kww_dva_intrex", "kww_rdv_fin", "kww_rdv_int", "kww_ddc"], 0.0)
        k["kww_dva_fin"] = v[S] @ B[S, S] @ Ys_exp
        for r in others:
            R = blk(r)
            VsBsr = v[S] @ B[S, R]
            k["kww_dva_int"] += VsBsr @ Y[R, r]
            k["kww_dva_intrex"] += sum(VsBsr @ Y[R, t] for t in range(nR) if t not in (s, r))
            k["kww_rdv_fin"] += VsBsr @ Y[R, s]
            k["kww_rdv_int"] += VsBsr @ A[R, S] @ Lss @ Yss
            k["kww_ddc"] += VsBsr @ A[R, S] @ Lss @ Es
        # The gap terms (zero on a balanced table): s's value added absorbed in the row gaps, V_s ((B g)_s - L_ss g_s),
        # and foreign value added in exports that feed other countries' gaps, V_t B_ts sum_r A_sr L_rr g_r.
        k["kww_dva_gap"] = v[S] @ (Xg[S] - Lss @ g[S])
        fin = np.zeros(nR); inter = np.zeros(nR); fdc = np.zeros(nR); fgap = np.zeros(nR)
        AsrLrrYrr = sum(A[S, blk(r)] @ Ld[blk(r), blk(r)] @ Y[blk(r), r] for r in others)
        AsrLrrEr = sum(A[S, blk(r)] @ Ld[blk(r), blk(r)] @ E[blk(r)] for r in others)
        AsrLrrgr = sum(A[S, blk(r)] @ Ld[blk(r), blk(r)] @ g[blk(r)] for r in others)
        for t in others:
            VtBts = v[blk(t)] @ B[blk(t), S]
            fin[t] = VtBts @ Ys_exp
            inter[t] = VtBts @ AsrLrrYrr
            fdc[t] = VtBts @ AsrLrrEr
            fgap[t] = VtBts @ AsrLrrgr
        k["kww_vax"] = k["kww_dva_fin"] + k["kww_dva_int"] + k["kww_dva_intrex"]
        k["kww_dva"] = k["kww_vax"] + k["kww_rdv_fin"] + k["kww_rdv_int"]
        kg = {"kww_fva_fin": fin, "kww_fva_int": inter, "kww_fdc": fdc, "kww_fva": fin + inter, "kww_fva_gap": fgap}

        # Every industry counts in aggregates (also with negative exports: foreign inventory draws); a unit whose
        # exports are not positive has no value.
        defined = np.ones(NI, dtype=bool)
        total = Es[defined].sum()
        bm_sum = sum(parts[m][defined].sum() for m in ["bm_vax1", "bm_vax2", "bm_vax3", "bm_vax4", "bm_ref1", "bm_ref2", "bm_gap", "bm_ddc"]) \
            + sum(grouped[m][:, defined].sum() for m in ["bm_fva", "bm_fdc"])
        kww_sum = sum(k[m] for m in ["kww_dva_fin", "kww_dva_int", "kww_dva_intrex", "kww_rdv_fin", "kww_rdv_int", "kww_ddc", "kww_dva_gap"]) \
            + fin.sum() + inter.sum() + fdc.sum() + fgap.sum()
        gaps.append((abs(bm_sum - total) / total, abs(kww_sum - total) / total, c_name))

        def emit(unit, members, kww):
            members = [i for i in members if defined[i]]
            w = Es[members].sum()
            if not w > 0:
                return
            for m in BM + (KWW if kww else []):
                if m == "gross_exports":
                    rows.append((c_name, unit, year, m, "total", w))
                    continue
                if m in GROUPED:
                    by_t = grouped[m][:, members].sum(axis=1) if m.startswith("bm_") else kg[m]
                    values = [("total", by_t.sum())] + [(g, sum(by_t[t] for t in range(nR) if group_of[t] == gi))
                                                       for gi, (g, _) in enumerate(groups)]
                else:
                    values = [("total", parts[m][members].sum() if m.startswith("bm_") else k[m])]
                for g, val in values:
                    rows.append((c_name, unit, year, m, g, 100.0 * val / w))

        if c_name in full_countries:
            for i, ind in enumerate(industries):
                emit(ind, [i], False)
            emit("manufacturing", [industries.index(i) for i in manufacturing], False)
        emit("all", list(range(NI)), True)
    return rows, gaps


def write(path, rows):
    with gzip.open(path, "wt", newline="") as f:
        f.write("country,unit,year,measure,group,value\n")
        for r in rows:
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{r[5]:.17g}\n")


if __name__ == "__main__":
    first, last = (int(sys.argv[1]), int(sys.argv[2])) if len(sys.argv) == 3 else (1995, 2011)
    t0 = time.time()
    full, everything = [], []
    worst = (0.0, 0.0)
    for year in range(first, last + 1):
        rows, gaps = decompose(year, ("BEL", "DEU", "CHN") if year in (1995, 2011) else ())
        everything += [r for r in rows if r[1] == "all"]
        full += [r for r in rows if r[1] != "all" or (year in (1995, 2011) and r[0] in ("BEL", "DEU", "CHN"))]
        worst = (max(worst[0], max(g[0] for g in gaps)), max(worst[1], max(g[1] for g in gaps)))
        print(year, f"{time.time() - t0:.1f} s; parts add up to gross exports: BM {worst[0]:.2e}, KWW {worst[1]:.2e}", file=sys.stderr)
    assert worst[0] < 1e-12 and worst[1] < 1e-12, worst
    write(os.path.join(OUT, "decomposition_wiod2013_full.csv.gz"), full)
    write(os.path.join(OUT, "decomposition_wiod2013_all.csv.gz"), everything)
    print(f"{len(full)} + {len(everything)} rows in {time.time() - t0:.1f} s", file=sys.stderr)
