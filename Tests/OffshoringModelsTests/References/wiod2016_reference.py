#!/usr/bin/env python3
"""Independent reference for `offshore estimate --config SupplyUseTables/config/estimate-wiod2016.toml`: the WIOD
2016 release (the national table of Belgium, 56 industries, 2000-2014) with the 2016 Socio-Economic Accounts.

Panel built with pandas from the raw files, not from the tool: accounts from SupplyUseTables/accounts/
wiod2016_sea_BEL.csv (one row per industry-year); om, os (totals: a national table has no origins) from
Tests/OffshoringTests/References/BEL_niot2016_reference.csv (the independent measures of the national table).
Y = GO/(GO_PI/100), M = II/(II_PI/100), K = K, L = H_EMPE, w = COMP/H_EMPE (employees: the only hours of this
release). Manufacturing = the wiod2016 classification's aggregate. Estimates by statsmodels OLS with explicit
industry and year dummies (iid SEs, dummies counted). Writes wiod2016_panel.csv and wiod2016_estimate_reference.csv.
Usage: python3 wiod2016_reference.py   (pandas, numpy, statsmodels)
"""
import os
import tomllib

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SEA = os.path.join(ROOT, "SupplyUseTables", "accounts", "wiod2016_sea_BEL.csv")
MEASURES = os.path.join(ROOT, "Tests", "OffshoringTests", "References", "BEL_niot2016_reference.csv")
CLASSIFICATION = os.path.join(ROOT, "SupplyUseTables", "classifications", "wiod2016.toml")


def panel():
    p = pd.read_csv(SEA)
    ref = pd.read_csv(MEASURES)
    ref = ref[ref.denominator == "nonenergy"]
    for m in ["om", "os"]:
        sub = ref[ref.measure == m][["unit", "year", "value"]].rename(columns={"unit": "code", "value": m})
        p = p.merge(sub, on=["code", "year"], how="left")
    p["Y"] = p.GO / (p.GO_PI / 100)
    p["M"] = p.II / (p.II_PI / 100)
    p["L"] = p.H_EMPE
    p["w"] = p.COMP / p.H_EMPE
    return p.rename(columns={"code": "industry"})


def fit(p, name, y, xs, industries):
    d = p[p.industry.isin(industries)].copy()
    X = pd.DataFrame({k: np.asarray(v(d), dtype=float) for k, v in xs.items()}, index=d.index)
    yy = pd.Series(np.asarray(y(d), dtype=float), index=d.index)
    ok = np.isfinite(X).all(axis=1) & np.isfinite(yy)
    d, X, yy = d[ok], X[ok], yy[ok]
    D = pd.get_dummies(d.industry, prefix="i", dtype=float)
    T = pd.get_dummies(d.year, prefix="t", drop_first=True, dtype=float)
    res = sm.OLS(yy, pd.concat([X, D, T], axis=1)).fit()
    return [(name, t, res.params[t], res.bse[t], len(yy)) for t in xs]


def main():
    p = panel()
    with open(CLASSIFICATION, "rb") as f:
        cls = tomllib.load(f)
    manuf = next(a for a in cls["aggregate"] if a["name"] == "manufacturing")["industries"]
    log = np.log
    out = []
    out += fit(p, "production", lambda d: log(d.Y),
               {"log(K)": lambda d: log(d.K), "log(L)": lambda d: log(d.L), "log(M)": lambda d: log(d.M),
                "om": lambda d: d.om, "os": lambda d: d.os}, manuf)
    out += fit(p, "labour_demand", lambda d: log(d.L),
               {"log(w)": lambda d: log(d.w), "log(Y)": lambda d: log(d.Y), "om": lambda d: d.om, "os": lambda d: d.os},
               sorted(p.industry.unique()))
    pd.DataFrame(out, columns=["model", "term", "estimate", "std_error", "nobs"]).to_csv(
        os.path.join(HERE, "wiod2016_estimate_reference.csv"), index=False, float_format="%.17g")
    p[["industry", "year", "GO", "II", "Y", "M", "K", "L", "w", "om", "os"]].to_csv(
        os.path.join(HERE, "wiod2016_panel.csv"), index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
