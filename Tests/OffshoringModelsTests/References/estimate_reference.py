#!/usr/bin/env python3
"""Independent reference for `offshore estimate` on the bundled data (WIOD tables + SYNTHETIC Belgian accounts).

Builds the industry x year panel with pandas straight from the raw files (not from the tool):
  GO = OUT of row BEL_ci, II = column BEL_ci summed over the 1435 intermediate rows (WIOD tables);
  om, os by group from Tests/OffshoringTests/References/BEL_wiod2013_reference.csv (the independent measures);
  the accounts from SupplyUseTables/accounts/BEL_synthetic_sea.csv;
then estimates models with explicit industry and year dummies by statsmodels (WLS/OLS), which does not share
any code with the tool's absorbed fixed effects. Writes estimate_reference.csv with
model,term,estimate,std_error (iid standard errors with the dummies counted, as lm does) and
panel_reference.csv (a few panel cells), and skill_panel.csv (manufacturing 1995-2007) for the R systemfit
reference of the skill system (skill_system_reference.R). The first-difference models use year dummies and
no industry dummies; lags and differences are taken within each model's sample, as the tool does; 2SLS is
linearmodels' IV2SLS with the dummies as exogenous regressors (unadjusted covariance with N-K).
Usage: python3 estimate_reference.py   (pandas, numpy, statsmodels)
"""
import gzip
import os

import numpy as np
import pandas as pd
import statsmodels.api as sm

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
TABLES = os.path.join(ROOT, "SupplyUseTables", "wiod2013")
SEA = os.path.join(ROOT, "SupplyUseTables", "accounts", "BEL_synthetic_sea.csv")
MEASURES = os.path.join(ROOT, "Tests", "OffshoringTests", "References", "BEL_wiod2013_reference.csv")
YEARS = list(range(1995, 2012))
INDUSTRIES = [f"c{k}" for k in range(1, 36)]
MANUFACTURING = [f"c{k}" for k in range(3, 17)]


def panel():
    rows = []
    for y in YEARS:
        with gzip.open(os.path.join(TABLES, f"WIOT{y}_wiod2013.csv.gz"), "rt") as f:
            df = pd.read_csv(f, index_col=0)
        for i in INDUSTRIES:
            rows.append({"industry": i, "year": y, "GO": float(df.loc[f"BEL_{i}", "OUT"]),
                         "II": float(df[f"BEL_{i}"].iloc[:1435].sum())})
    p = pd.DataFrame(rows)
    sea = pd.read_csv(SEA)
    sea = sea.melt(id_vars=["country", "variable", "description", "code"], var_name="year", value_name="value")
    sea["year"] = sea["year"].astype(int)
    wide = sea.pivot_table(index=["code", "year"], columns="variable", values="value").reset_index()
    wide = wide.rename(columns={"code": "industry"})
    p = p.merge(wide, on=["industry", "year"], how="left")
    ref = pd.read_csv(MEASURES)
    ref = ref[(ref.denominator == "nonenergy") & (~ref.narrow) & (ref.unit.isin(INDUSTRIES))]
    for m in ["om", "os"]:
        for g in ["total", "OECD", "CEE", "ASIA"]:
            sub = ref[(ref.measure == m) & (ref.group == g)][["unit", "year", "value"]]
            sub = sub.rename(columns={"unit": "industry", "value": m if g == "total" else f"{m}_{g}"})
            p = p.merge(sub, on=["industry", "year"], how="left")
    p["Y"] = p.GO / (p.GO_P / 100)
    p["M"] = p.II / (p.II_P / 100)
    p["L"] = p.H_EMPE
    p["w"] = p.LAB / p.H_EMPE
    for s, S in [("l", "LS"), ("m", "MS"), ("h", "HS")]:
        p[f"w_{s}"] = p.LAB * p[f"LAB{S}"] / (p.H_EMPE * p[f"H_{S}"])
        p[f"S_{s}"] = p[f"LAB{S}"] / 100
    p["ict"] = p.K_ICT / p.K
    return p


def sample(p, industries, years):
    d = p[p.industry.isin(industries) & p.year.isin(years)].copy().sort_values(["industry", "year"])
    d["wb"] = d.LAB / d.groupby("year").LAB.transform("sum")
    return d


def lag(d, col):
    """The same industry's value one year earlier within the sample (NaN in the sample's first year)."""
    prev = d[["industry", "year", col]].copy()
    prev["year"] = prev["year"] + 1
    return d[["industry", "year"]].merge(prev, on=["industry", "year"], how="left")[col].values


def fit(p, name, y, xs, industries, years, weights=None, industry_effects=True, iv=None):
    d = sample(p, industries, years)
    X = pd.DataFrame({k: v(d) for k, v in xs.items()}, index=d.index)
    yy = pd.Series(np.asarray(y(d), dtype=float), index=d.index)
    ok = X.notna().all(axis=1) & yy.notna()
    if iv:
        E = pd.DataFrame({k: v(d) for k, v in iv[0].items()}, index=d.index)
        Q = pd.DataFrame({k: v(d) for k, v in iv[1].items()}, index=d.index)
        ok = ok & E.notna().all(axis=1) & Q.notna().all(axis=1)
    d, X, yy = d[ok], X[ok], yy[ok]
    D = pd.get_dummies(d.industry, prefix="i", drop_first=False, dtype=float)
    T = pd.get_dummies(d.year, prefix="t", drop_first=industry_effects, dtype=float)
    Z = pd.concat([X, D, T] if industry_effects else [X, T], axis=1)
    if iv:
        from linearmodels.iv import IV2SLS
        res = IV2SLS(yy, Z, E[ok], Q[ok]).fit(cov_type="unadjusted", debiased=True)
        return [(name, k, res.params[k], res.std_errors[k]) for k in list(iv[0]) + list(xs)]
    res = (sm.WLS(yy, Z, weights=d.wb) if weights else sm.OLS(yy, Z)).fit()
    return [(name, k, res.params[k], res.bse[k]) for k in xs]


def d_(f):
    """First difference within industry of a column function (consecutive years of the sample)."""
    def g(d):
        v = pd.Series(np.asarray(f(d), dtype=float), index=d.index)
        tmp = d[["industry", "year"]].copy()
        tmp["v"] = v.values
        return tmp["v"].values - lag(tmp, "v")
    return g


def main():
    p = panel()
    out = []
    log = np.log
    out += fit(p, "production", lambda d: log(d.Y),
               {"log(K)": lambda d: log(d.K), "log(L)": lambda d: log(d.L), "log(M)": lambda d: log(d.M),
                "om": lambda d: d.om, "os": lambda d: d.os}, MANUFACTURING, range(1995, 2005))
    out += fit(p, "labour_demand", lambda d: log(d.L),
               {"log(w)": lambda d: log(d.w), "log(Y)": lambda d: log(d.Y), "om": lambda d: d.om, "os": lambda d: d.os},
               INDUSTRIES, range(1995, 2004))
    out += fit(p, "skill_share", lambda d: d.S_l,
               {"log(w_l/w_h)": lambda d: log(d.w_l / d.w_h), "log(w_m/w_h)": lambda d: log(d.w_m / d.w_h),
                "log(K/Y)": lambda d: log(d.K / d.Y), "om_OECD": lambda d: d.om_OECD, "om_CEE": lambda d: d.om_CEE,
                "om_ASIA": lambda d: d.om_ASIA, "os": lambda d: d.os, "ict": lambda d: d.ict,
                "I(om * ict)": lambda d: d.om * d.ict}, MANUFACTURING, range(1995, 2008), weights=True)
    prod = range(1995, 2005)
    out += fit(p, "production_fd", d_(lambda d: log(d.Y)),
               {"d(log(K))": d_(lambda d: log(d.K)), "d(log(L))": d_(lambda d: log(d.L)), "d(log(M))": d_(lambda d: log(d.M)),
                "d(om)": d_(lambda d: d.om), "d(os)": d_(lambda d: d.os)}, MANUFACTURING, prod, industry_effects=False)
    out += fit(p, "productivity", lambda d: log(d.Y / d.L),
               {"log(K/L)": lambda d: log(d.K / d.L), "log(M/L)": lambda d: log(d.M / d.L), "om": lambda d: d.om,
                "os": lambda d: d.os}, MANUFACTURING, prod)
    out += fit(p, "production_lag", lambda d: log(d.Y),
               {"log(K)": lambda d: log(d.K), "log(L)": lambda d: log(d.L), "log(M)": lambda d: log(d.M),
                "l(om, 1)": lambda d: lag(d, "om"), "l(os, 1)": lambda d: lag(d, "os")}, MANUFACTURING, prod)
    out += fit(p, "production_iv", lambda d: log(d.Y),
               {"log(K)": lambda d: log(d.K), "log(L)": lambda d: log(d.L), "log(M)": lambda d: log(d.M)}, MANUFACTURING, prod,
               iv=({"om": lambda d: d.om, "os": lambda d: d.os},
                   {"lom": lambda d: lag(d, "om"), "los": lambda d: lag(d, "os")}))
    out += fit(p, "labour_demand_fd", d_(lambda d: log(d.L)),
               {"d(log(w))": d_(lambda d: log(d.w)), "d(log(Y))": d_(lambda d: log(d.Y)), "d(om)": d_(lambda d: d.om),
                "d(os)": d_(lambda d: d.os)}, INDUSTRIES, range(1995, 2004), industry_effects=False)
    sk = sample(p, MANUFACTURING, range(1995, 2008))
    sk["om_ict"] = sk.om * sk.ict
    sk[["industry", "year", "S_l", "S_m", "w_l", "w_m", "w_h", "K", "Y", "om_OECD", "om_CEE", "om_ASIA", "os", "ict",
        "om_ict"]].to_csv(os.path.join(HERE, "skill_panel.csv"), index=False, float_format="%.17g")
    pd.DataFrame(out, columns=["model", "term", "estimate", "std_error"]).to_csv(
        os.path.join(HERE, "estimate_reference.csv"), index=False, float_format="%.17g")
    cells = p[(p.industry.isin(["c12", "c30"])) & (p.year.isin([1995, 2007]))]
    cols = ["industry", "year", "GO", "II", "Y", "M", "K", "L", "w", "w_l", "w_m", "w_h", "S_l", "S_m", "S_h", "ict",
            "om", "os", "om_OECD", "om_CEE", "om_ASIA", "os_OECD"]
    cells[cols].to_csv(os.path.join(HERE, "panel_reference.csv"), index=False, float_format="%.17g")


if __name__ == "__main__":
    main()
