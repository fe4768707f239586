#!/usr/bin/env python3
"""Independent reference for the spillover columns of `offshore estimate` without the industry itself (issue 20).

From the WIOD 2013 tables (its own parsing of the gzip CSVs) and the independent measures of
Tests/OffshoringTests/References/BEL_wiod2013_reference.csv (om, os in % of non-energy inputs, broad, total):
  Z[j, i] = Belgium's domestic intermediate flow from industry j to industry i (rows BEL_cj, columns BEL_ci);
  backward (suppliers):  om_bwd_i = sum_{j != i} a_ij om_j,  a_ij = Z[j, i] / sum_k Z[k, i] (share of j in i's domestic inputs);
  forward (customers):   om_fwd_i = sum_{j != i} s_ij om_j,  s_ij = Z[i, j] / sum_k Z[i, k] (share of i's domestic
                         intermediate sales going to j);
  the same for os; industries without defined measures (zero denominator) add nothing; each year's own weights, and
  with base = the 1995 weights for every year (the "base" columns).
Writes spillover_reference.csv: industry,year,om_bwd,os_bwd,om_fwd,os_fwd,om_bwd_base,om_fwd_base (17 digits).
Usage: python3 spillover_reference.py [TABLES_DIR]   (default ../shared/data/wiod2013 beside the repository root)
"""
import glob
import os
import re
import sys

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
IND = [f"c{k}" for k in range(1, 36)]


def main():
    tables = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data", "wiod2013")
    ref = pd.read_csv(os.path.join(HERE, "..", "..", "OffshoringTests", "References", "BEL_wiod2013_reference.csv"))
    ref = ref[(ref.denominator == "nonenergy") & (~ref.narrow) & (ref.group == "total")]
    measures = {(r.unit, r.year, r.measure): r.value for r in ref.itertuples()}
    flows = {}
    for path in sorted(glob.glob(os.path.join(tables, "WIOT*_wiod2013.csv.gz"))):
        year = int(re.search(r"WIOT(\d{4})", os.path.basename(path)).group(1))
        df = pd.read_csv(path, index_col=0, compression="gzip")
        names = [f"BEL_{i}" for i in IND]
        flows[year] = df.loc[names, names].to_numpy(float)  # row j supplies column i
    rows = []
    first = min(flows)
    for year, Z in sorted(flows.items()):
        def spill(Zw, measure):
            x = np.array([measures.get((i, year, measure), np.nan) for i in IND])
            defined = np.isfinite(x)
            xv = np.where(defined, x, 0.0)
            inputs = Zw.sum(axis=0)
            sales = Zw.sum(axis=1)
            bwd = np.full(35, np.nan)
            fwd = np.full(35, np.nan)
            for i in range(35):
                js = [j for j in range(35) if j != i and defined[j]]
                bwd[i] = sum(Zw[j, i] / inputs[i] * xv[j] for j in js) if inputs[i] != 0 else 0.0
                if sales[i] != 0:
                    fwd[i] = sum(Zw[i, j] / sales[i] * xv[j] for j in js)
            return bwd, fwd
        omb, omf = spill(Z, "om")
        osb, osf = spill(Z, "os")
        ombb, omfb = spill(flows[first], "om")
        for k, i in enumerate(IND):
            rows.append((i, year, omb[k], osb[k], omf[k], osf[k], ombb[k], omfb[k]))
    out = pd.DataFrame(rows, columns=["industry", "year", "om_bwd", "os_bwd", "om_fwd", "os_fwd", "om_bwd_base", "om_fwd_base"])
    out.to_csv(os.path.join(HERE, "spillover_reference.csv"), index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
