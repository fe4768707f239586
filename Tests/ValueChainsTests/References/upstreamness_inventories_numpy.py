#!/usr/bin/env python3
"""Independent reference for offshore's inventory-corrected upstreamness (`offshore gvc --upstreamness
inventory-corrected`, Sources/ValueChains/ValueChainRegrouping.swift) on the bundled WIOD 2013 tables.

Definition (Antras, Chor, Fally and Hillberry 2012, "Measuring the Upstreamness of Production and Trade Flows", AER P&P
102(3), with net changes in inventories; on the world table exports and imports cancel): an industry's output that goes
into inventories is not a use, so

    delta_ij = Z_ij / (Y_i - N_i),    U = (I - Delta)^-1 1,

Y_i gross output (OUT), N_i the row's changes in inventories summed over every region's INVEN column (WIOD 2013 layout:
41 regions x 5 final-demand columns CONS_h, CONS_np, CONS_g, GFCF, INVEN; ../shared/data/wiod2013/README.md). A row with
Y_i - N_i <= 0 keeps Y_i (no correction), as Antras and Chor's own code does. Columns without output get no coefficients
(as pymrio's calc_A; the tables have none with inputs). Written from that definition, not from the Swift code: Delta is
formed in full and inverted with numpy.linalg.inv; the Swift code scales the rows of A instead and solves (I - S A) z = x
with an LU factorisation, U = z / x.

Writes upstreamness_inventories_wiod2013.csv.gz: year,region,unit,value for every one of the 41 regions' 35 industries
(rows with output) and `all` (output-weighted: sum U_i Y_i / sum Y_i over the region's industries), 17 years, 17
significant digits; and prints the plain (uncorrected) upstreamness's largest difference from L x / x as a check.
Run from the repository root:  python3 Tests/ValueChainsTests/References/upstreamness_inventories_numpy.py
"""
import gzip, os
import numpy as np
import pandas as pd

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TABLES = os.path.join(ROOT, "SupplyUseTables", "wiod2013")
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "upstreamness_inventories_wiod2013.csv.gz")
NI, NK, INVEN = 35, 5, 4


def corrected(year):
    df = pd.read_csv(os.path.join(TABLES, f"WIOT{year}_wiod2013.csv.gz"), index_col=0)
    n = len(df.index)
    nR = n // NI
    assert all(c.endswith("_INVEN") for c in df.columns[n + INVEN:n + nR * NK:NK]), "the fifth final-demand column is INVEN"
    Z = df.iloc[:, :n].to_numpy(dtype=float)
    F = df.iloc[:, n:n + nR * NK].to_numpy(dtype=float)
    Y = df["OUT"].to_numpy(dtype=float)
    Z[:, Y <= 0] = 0.0
    N = F[:, INVEN::NK].sum(axis=1)
    d = np.where(Y - N > 0, Y - N, Y)
    Delta = np.where((d > 0)[:, None], Z / np.where(d > 0, d, 1)[:, None], 0.0)
    U = np.linalg.inv(np.eye(n) - Delta) @ np.ones(n)
    # Check: without the correction, the same formula is L x / x.
    A = np.where((Y > 0)[None, :], Z / np.where(Y > 0, Y, 1)[None, :], 0.0)
    plain = np.where(Y > 0, np.linalg.solve(np.eye(n) - A, Y) / np.where(Y > 0, Y, 1), 0.0)
    G = np.where((Y > 0)[:, None], Z / np.where(Y > 0, Y, 1)[:, None], 0.0)
    check = np.max(np.abs(np.linalg.inv(np.eye(n) - G) @ np.ones(n) - plain)[Y > 0])
    labels = list(df.index)
    rows = []
    for r in range(nR):
        ks = range(r * NI, (r + 1) * NI)
        region = labels[r * NI].split("_")[0]
        for k in ks:
            if Y[k] > 0:
                rows.append((year, region, labels[k].split("_", 1)[1], U[k]))
        w = [k for k in ks if Y[k] > 0]
        rows.append((year, region, "all", float(np.sum(U[w] * Y[w]) / np.sum(Y[w]))))
    return rows, check, int(np.sum(Y - N <= 0))


def main():
    out = ["year,region,unit,value"]
    for year in range(1995, 2012):
        rows, check, uncorrected = corrected(year)
        print(f"{year}: {len(rows)} values; plain check max |(I-G)^-1 1 - L x / x| = {check:.2e}; rows left uncorrected: {uncorrected}")
        out += [f"{y},{r},{u},{v:.17g}" for y, r, u, v in rows]
    with gzip.open(OUT, "wt", compresslevel=9) as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {OUT}: {len(out) - 1} rows")


if __name__ == "__main__":
    main()
