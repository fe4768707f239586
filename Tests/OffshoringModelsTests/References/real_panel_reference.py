#!/usr/bin/env python3
"""Independent reference for `offshore estimate` on the REAL Belgian accounts (the bundled default).

Builds the industry x year panel with pandas straight from the raw files (not from the tool):
  accounts from SupplyUseTables/accounts/wiod2013_sea_BEL.csv (WIOD SEA 2013), its NACE codes mapped to c1-c35
  by SupplyUseTables/concordances/wiod2013_to_sea2013.csv; ICT intensity = EU KLEMS CAPIT from
  euklems09_bel_output_09I_long.csv.gz, each WIOD industry taking its EU KLEMS group by
  concordances/euklems_to_wiod2013.csv; om, os by group from Tests/OffshoringTests/References/
  BEL_wiod2013_reference.csv (the independent measures of the WIOD tables).
Panel variables as the default config defines them (national currency, EUR millions; 1995 prices):
  Y = GO/(GO_P/100), M = II/(II_P/100), K = K_GFCF, L = H_EMP (hours of all persons engaged), w = LAB/H_EMP,
  w_x = LAB*LABxS/(H_EMP*H_xS), S_x = LABxS/100, E_x = H_xS/100, ict = CAPIT, wbshare = LAB / year total,
  empshare = EMP / year total (over the 35 industries).
Writes real_panel.csv (every variable, every industry-year; empty = missing) and real_estimate_reference.csv
(model,term,estimate,std_error,cluster_se,nobs; skill_share weighted by wage-bill shares, skill_share_hours by
employment shares, both recomputed within the sample): statsmodels OLS/WLS with explicit industry and year dummies on the
rows complete for each model (iid SEs with the dummies counted, as lm; and the cluster-robust SE by industry with
the CR1 factor G/(G-1)*(N-1)/(N-K) where K counts the regressors and the intercept the effects absorb, as fixest).
Usage: python3 real_panel_reference.py   (pandas, numpy, statsmodels)
"""
import gzip
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
ACC = os.path.join(ROOT, "SupplyUseTables", "accounts")
CONC = os.path.join(ROOT, "SupplyUseTables", "concordances")
MEASURES = os.path.join(ROOT, "Tests", "OffshoringTests", "References", "BEL_wiod2013_reference.csv")
YEARS = list(range(1995, 2012))
INDUSTRIES = [f"c{k}" for k in range(1, 36)]
MANUFACTURING = [f"c{k}" for k in range(3, 17)]


def panel():
    sea = pd.read_csv(os.path.join(ACC, "wiod2013_sea_BEL.csv"), dtype={"code": str})
    codes = pd.read_csv(os.path.join(CONC, "wiod2013_to_sea2013.csv"), dtype=str)
    to_wiod = dict(zip(codes.source_code, codes.code))
    sea = sea[sea.code.isin(to_wiod)].copy()
    sea["industry"] = sea.code.map(to_wiod)
    long = sea.drop(columns=["country", "description", "code"]).melt(id_vars=["variable", "industry"], var_name="year")
    long["year"] = long.year.astype(int)
    p = long.pivot_table(index=["industry", "year"], columns="variable", values="value", dropna=False).reset_index()
    p = pd.DataFrame({"industry": [i for i in INDUSTRIES for _ in YEARS], "year": YEARS * len(INDUSTRIES)}).merge(
        p, on=["industry", "year"], how="left")
    with gzip.open(os.path.join(ACC, "euklems09_bel_output_09I_long.csv.gz"), "rt") as f:
        kl = pd.read_csv(f, dtype={"code": str}, na_values=["NA"])
    kl = kl[kl.variable == "CAPIT"][["code", "year", "value"]].dropna()
    conc = pd.read_csv(os.path.join(CONC, "euklems_to_wiod2013.csv"), dtype=str)
    ict = conc[["code", "source_code"]].merge(kl, left_on="source_code", right_on="code", suffixes=("", "_k"))
    ict = ict.rename(columns={"code": "industry", "value": "ict"})[["industry", "year", "ict"]]
    p = p.merge(ict, on=["industry", "year"], how="left")
    ref = pd.read_csv(MEASURES)
    ref = ref[(ref.denominator == "nonenergy") & (~ref.narrow) & (ref.unit.isin(INDUSTRIES))]
    for m in ["om", "os"]:
        for g in ["total", "OECD", "CEE", "ASIA"]:
            sub = ref[(ref.measure == m) & (ref.group == g)][["unit", "year", "value"]]
            sub = sub.rename(columns={"unit": "industry", "value": m if g == "total" else f"{m}_{g}"})
            p = p.merge(sub, on=["industry", "year"], how="left")
    p["Y"] = p.GO / (p.GO_P / 100)
    p["M"] = p.II / (p.II_P / 100)
    p["K"] = p.K_GFCF
    p["L"] = p.H_EMP
    p["w"] = p.LAB / p.H_EMP
    for s, S in [("l", "LS"), ("m", "MS"), ("h", "HS")]:
        p[f"w_{s}"] = p.LAB * p[f"LAB{S}"] / (p.H_EMP * p[f"H_{S}"])
        p[f"S_{s}"] = p[f"LAB{S}"] / 100
        p[f"E_{s}"] = p[f"H_{S}"] / 100
    p["wbshare"] = p.LAB / p.groupby("year").LAB.transform("sum")
    p["empshare"] = p.EMP / p.groupby("year").EMP.transform("sum")
    return p


def sample(p, industries, years):
    d = p[p.industry.isin(industries) & p.year.isin(years)].copy().sort_values(["industry", "year"])
    d["wb"] = d.LAB / d.groupby("year").LAB.transform("sum")
    d["es"] = d.EMP / d.groupby("year").EMP.transform("sum")
    return d


def lag(d, col):
    prev = d[["industry", "year", col]].copy()
    prev["year"] = prev["year"] + 1
    return d[["industry", "year"]].merge(prev, on=["industry", "year"], how="left")[col].values


def d_(f):
    def g(d):
        tmp = d[["industry", "year"]].copy()
        tmp["v"] = np.asarray(f(d), dtype=float)
        return tmp["v"].values - lag(tmp, "v")
    return g


def fit(p, name, y, xs, industries, years, weights=None, industry_effects=True):
    d = sample(p, industries, years)
    X = pd.DataFrame({k: np.asarray(v(d), dtype=float) for k, v in xs.items()}, index=d.index)
    yy = pd.Series(np.asarray(y(d), dtype=float), index=d.index)
    ok = np.isfinite(X).all(axis=1) & np.isfinite(yy)
    if weights:
        ok = ok & np.isfinite(d[weights])
    d, X, yy = d[ok], X[ok], yy[ok]
    D = pd.get_dummies(d.industry, prefix="i", drop_first=False, dtype=float)
    T = pd.get_dummies(d.year, prefix="t", drop_first=industry_effects, dtype=float)
    Z = pd.concat([X, D, T] if industry_effects else [X, T], axis=1)
    model = sm.WLS(yy, Z, weights=d[weights]) if weights else sm.OLS(yy, Z)
    res = model.fit()
    # CR1: G/(G-1) * (N-1)/(N-K). K leaves out the industry effects, nested in the clusters, and counts the year
    # effects (T-1 of them beside the industries'), as the tool's convention (METHOD.md) does; with year effects
    # only (first differences) K counts every column, the intercept included.
    g = d.industry.values
    G = len(set(g))
    n = len(yy)
    k = X.shape[1] + T.shape[1] if industry_effects else Z.shape[1]
    cl = model.fit(cov_type="cluster", cov_kwds={"groups": pd.factorize(g)[0], "use_correction": False})
    factor = G / (G - 1) * (n - 1) / (n - k)
    return [(name, t, res.params[t], res.bse[t], cl.bse[t] * np.sqrt(factor), n) for t in xs]


def main():
    p = panel()
    log = np.log
    prod = range(1995, 2005)
    out = []
    out += fit(p, "production", lambda d: log(d.Y),
               {"log(K)": lambda d: log(d.K), "log(L)": lambda d: log(d.L), "log(M)": lambda d: log(d.M),
                "om": lambda d: d.om, "os": lambda d: d.os}, MANUFACTURING, prod)
    out += fit(p, "production_groups", lambda d: log(d.Y),
               {"log(K)": lambda d: log(d.K), "log(L)": lambda d: log(d.L), "log(M)": lambda d: log(d.M),
                "om_OECD": lambda d: d.om_OECD, "om_CEE": lambda d: d.om_CEE, "om_ASIA": lambda d: d.om_ASIA,
                "os_OECD": lambda d: d.os_OECD, "os_CEE": lambda d: d.os_CEE, "os_ASIA": lambda d: d.os_ASIA},
               MANUFACTURING, prod)
    out += fit(p, "productivity", lambda d: log(d.Y / d.L),
               {"log(K/L)": lambda d: log(d.K / d.L), "log(M/L)": lambda d: log(d.M / d.L), "om": lambda d: d.om,
                "os": lambda d: d.os}, MANUFACTURING, prod)
    out += fit(p, "production_fd", d_(lambda d: log(d.Y)),
               {"d(log(K))": d_(lambda d: log(d.K)), "d(log(L))": d_(lambda d: log(d.L)), "d(log(M))": d_(lambda d: log(d.M)),
                "d(om)": d_(lambda d: d.om), "d(os)": d_(lambda d: d.os)}, MANUFACTURING, prod, industry_effects=False)
    out += fit(p, "labour_demand", lambda d: log(d.L),
               {"log(w)": lambda d: log(d.w), "log(Y)": lambda d: log(d.Y), "om": lambda d: d.om, "os": lambda d: d.os},
               INDUSTRIES, range(1995, 2004))
    out += fit(p, "skill_share", lambda d: d.S_l,
               {"log(w_l/w_h)": lambda d: log(d.w_l / d.w_h), "log(w_m/w_h)": lambda d: log(d.w_m / d.w_h),
                "log(K/Y)": lambda d: log(d.K / d.Y), "om_OECD": lambda d: d.om_OECD, "om_CEE": lambda d: d.om_CEE,
                "om_ASIA": lambda d: d.om_ASIA, "os": lambda d: d.os, "ict": lambda d: d.ict,
                "I(om * ict)": lambda d: d.om * d.ict}, MANUFACTURING, range(1995, 2008), weights="wb")
    out += fit(p, "skill_share_hours", lambda d: d.E_l,
               {"log(w_l/w_h)": lambda d: log(d.w_l / d.w_h), "log(w_m/w_h)": lambda d: log(d.w_m / d.w_h),
                "log(K/Y)": lambda d: log(d.K / d.Y), "om_OECD": lambda d: d.om_OECD, "om_CEE": lambda d: d.om_CEE,
                "om_ASIA": lambda d: d.om_ASIA, "os": lambda d: d.os, "ict": lambda d: d.ict,
                "I(om * ict)": lambda d: d.om * d.ict}, MANUFACTURING, range(1995, 2008), weights="es")
    pd.DataFrame(out, columns=["model", "term", "estimate", "std_error", "cluster_se", "nobs"]).to_csv(
        os.path.join(HERE, "real_estimate_reference.csv"), index=False, float_format="%.17g")
    cols = ["industry", "year", "GO", "II", "Y", "M", "K", "L", "EMP", "LAB", "w", "w_l", "w_m", "w_h", "S_l", "S_m",
            "S_h", "E_l", "E_m", "E_h", "ict", "om", "os", "om_OECD", "om_CEE", "om_ASIA", "os_OECD", "os_CEE", "os_ASIA",
            "wbshare", "empshare"]
    p[cols].to_csv(os.path.join(HERE, "real_panel.csv"), index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
