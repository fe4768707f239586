#!/usr/bin/env python3
"""Independent reference for the study presets of `offshore estimate` (issue 20) on the REAL panel.

Reads real_panel.csv (the independent pandas build of the bundled default's panel, real_panel_reference.py) and,
for the labour-demand presets, replaces om and os by origin group with offshoring as a share of GROSS OUTPUT from
the independent pandas measures of the WIOD tables (Tests/OffshoringTests/References/BEL_wiod2013_reference.csv,
denominator output, broad). Each single-equation preset is estimated by OLS with explicit industry and year dummies
(numpy lstsq) on the rows complete in its variables, with iid standard errors (dummies counted, as lm):
  labour_demand_mr2012_{manufacturing,services}: log(L) ~ log(w) + log(Y) + om_OECD + om_CEE + om_ASIA + os_OECD
      + os_CEE + os_ASIA, 1995-2003, om and os in % of gross output;
  productivity_mr2014_{manufacturing,services}: log(Y/L) ~ log(K/L) + log(M/L) + om + os, 1995-2004.
Manufacturing is c3-c16, market services c19-c30 (SupplyUseTables/classifications/wiod2013.toml).
Writes study_presets_reference.csv: model,term,estimate,std_error,nobs (17 significant digits).
Usage: python3 study_presets_reference.py   (pandas, numpy)
"""
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = {"manufacturing": ["c%d" % i for i in range(3, 17)], "services": ["c%d" % i for i in range(19, 31)]}
GROUPS = ["OECD", "CEE", "ASIA"]


def with_output_shares(panel):
    ref = pd.read_csv(os.path.join(HERE, "..", "..", "OffshoringTests", "References", "BEL_wiod2013_reference.csv"))
    ref = ref[(ref.denominator == "output") & (~ref.narrow)]
    p = panel.copy()
    for m in ["om", "os"]:
        for g in GROUPS:
            r = ref[(ref.measure == m) & (ref.group == g)][["unit", "year", "value"]].rename(columns={"unit": "industry", "value": m + "_" + g})
            p = p.drop(columns=[m + "_" + g]).merge(r, on=["industry", "year"], how="left")
    return p


def fit(name, d, y, X):
    ok = np.isfinite(y) & np.isfinite(X).all(axis=1)
    d, y, X = d[ok], y[ok], X[ok]
    inds = sorted(d.industry.unique(), key=lambda c: int(c[1:]))
    yrs = sorted(d.year.unique())
    D = np.column_stack([(d.industry == c).to_numpy(float) for c in inds] + [(d.year == t).to_numpy(float) for t in yrs[1:]])
    F = np.column_stack([X.to_numpy(), D])
    coef, _, rank, _ = np.linalg.lstsq(F, y.to_numpy(), rcond=None)
    e = y.to_numpy() - F @ coef
    sigma2 = e @ e / (len(d) - rank)
    V = sigma2 * np.linalg.pinv(F.T @ F)
    k = X.shape[1]
    return [(name, t, coef[j], np.sqrt(V[j, j]), len(d)) for j, t in enumerate(X.columns[:k])]


def main():
    panel = pd.read_csv(os.path.join(HERE, "real_panel.csv"))
    out = []
    out_panel = with_output_shares(panel)
    for sample, inds in SAMPLES.items():
        d = out_panel[out_panel.industry.isin(inds) & out_panel.year.between(1995, 2003)]
        X = pd.DataFrame({"log(w)": np.log(d.w), "log(Y)": np.log(d.Y)})
        for m in ["om", "os"]:
            for g in GROUPS:
                X[m + "_" + g] = d[m + "_" + g]
        out += fit("labour_demand_mr2012_" + sample, d, np.log(d.L), X)
        d = panel[panel.industry.isin(inds) & panel.year.between(1995, 2004)]
        X = pd.DataFrame({"log(K/L)": np.log(d.K / d.L), "log(M/L)": np.log(d.M / d.L), "om": d.om, "os": d.os})
        out += fit("productivity_mr2014_" + sample, d, np.log(d.Y / d.L), X)
    pd.DataFrame(out, columns=["model", "term", "estimate", "std_error", "nobs"]).to_csv(
        os.path.join(HERE, "study_presets_reference.csv"), index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
