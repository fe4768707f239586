#!/usr/bin/env python3
"""Generates the SYNTHETIC industry accounts for Belgium that the bundled `offshore estimate` demo uses.

Real Socio-Economic Accounts could not be redistributed with the tool, so this seeded script makes a
stand-in whose true parameters are known. What it takes from real data:
  - gross output GO and intermediate inputs II of each Belgian industry, 1995-2011, from the bundled WIOD
    tables (current US dollars);
  - the offshoring intensities om and os, total and by origin group (nonenergy denominator, default
    grouping), from Tests/OffshoringTests/References/BEL_wiod2013_reference.csv, the independent reference
    that the tool's own measures are tested against (they agree to 1e-9).
Everything else is drawn here: price indices, capital, ICT capital, wages by skill, hours, persons, labour
compensation and the skill structure. Two relations hold exactly, with independent errors, so that the
estimators can be checked against the truth:
  1. Skill structure (translog cost shares, capital quasi-fixed, homogeneity and symmetry by construction):
       S_l = a_l,i + b_l,t + c_ll ln(w_l/w_h) + c_lm ln(w_m/w_h) + f_l ln(K/Y) + sum_g d_lg om_g + d_ls os
             + t_l ICT + h_l om*ICT + e_l
       S_m = a_m,i + b_m,t + c_lm ln(w_l/w_h) + c_mm ln(w_m/w_h) + f_m ln(K/Y) + sum_g d_mg om_g + d_ms os
             + t_m ICT + h_m om*ICT + e_m
       S_h = 1 - S_l - S_m
     with S the wage-bill shares, Y real output (GO deflated by GO_P), ICT = K_ICT / K, om = total om.
  2. Labour demand: ln H = a_i + b_t + a_w ln w + a_Y ln Y + g_m om + g_s os + e, with H total hours and w
     the average hourly wage LAB / H (which equals 1 / sum_k (S_k / w_k)).
Output and inputs are observed, not generated, so the production function has no true parameters here: it
is estimated on these series for illustration only.

Writes BEL_synthetic_sea.csv (WIOD Socio-Economic Accounts layout) and BEL_synthetic_truth.toml.
Usage: python3 make_synthetic_bel.py   (numpy and pandas; rerunning reproduces the files byte for byte)
"""
import gzip
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
TABLES = os.path.join(ROOT, "SupplyUseTables", "wiod2013")
MEASURES = os.path.join(ROOT, "Tests", "OffshoringTests", "References", "BEL_wiod2013_reference.csv")
SEED = 20130995
YEARS = list(range(1995, 2012))
INDUSTRIES = [f"c{k}" for k in range(1, 36)]
GROUPS = ["OECD", "CEE", "ASIA"]

TRUTH = {
    "skill_low": {"c_ll": 0.08, "c_lm": -0.03, "f": -0.04, "d_OECD": -0.0010, "d_CEE": -0.0060,
                  "d_ASIA": -0.0040, "d_os": -0.0030, "t_ict": -0.30, "h_om_ict": 0.004},
    "skill_medium": {"c_ml": -0.03, "c_mm": 0.06, "f": 0.01, "d_OECD": 0.0004, "d_CEE": 0.0020,
                     "d_ASIA": 0.0010, "d_os": 0.0010, "t_ict": 0.05, "h_om_ict": -0.001},
    "labour_demand": {"a_w": -0.45, "a_Y": 0.55, "g_om": 0.0, "g_os": 0.0},
    "errors": {"sd_low": 0.006, "sd_medium": 0.006, "corr_low_medium": -0.5, "sd_labour_demand": 0.02},
}


def wiod_go_ii():
    """Gross output and total intermediate inputs of each Belgian industry and year (current US$ millions)."""
    go = {}
    ii = {}
    for y in YEARS:
        path = os.path.join(TABLES, f"WIOT{y}_wiod2013.csv.gz")
        with gzip.open(path, "rt") as f:
            df = pd.read_csv(f, index_col=0)
        for i in INDUSTRIES:
            go[(i, y)] = float(df.loc[f"BEL_{i}", "OUT"])
            ii[(i, y)] = float(df[f"BEL_{i}"].iloc[:1435].sum())
    return go, ii


def measures():
    """om and os (percent of non-energy intermediates) by industry, year and origin group; 0 where undefined."""
    ref = pd.read_csv(MEASURES)
    ref = ref[(ref.denominator == "nonenergy") & (~ref.narrow) & (ref.unit.isin(INDUSTRIES))]
    table = {(r.unit, r.year, r.measure, r.group): r.value for r in ref.itertuples()}
    missing = sorted({i for i in INDUSTRIES for y in YEARS if (i, y, "om", "total") not in table})
    return (lambda i, y, m, g: table.get((i, y, m, g), 0.0)), missing


def main():
    rng = np.random.default_rng(SEED)
    go, ii = wiod_go_ii()
    om, undefined = measures()
    n, t = len(INDUSTRIES), len(YEARS)
    T = TRUTH
    rows = []

    def walk(start, drift, sd, size):
        steps = rng.normal(drift, sd, size=(size, t - 1))
        return start[:, None] * np.exp(np.concatenate([np.zeros((size, 1)), np.cumsum(steps, axis=1)], axis=1))

    go_p = walk(np.full(n, 100.0), rng.uniform(0.005, 0.025, size=(n, 1)), 0.01, n)
    ii_p = walk(np.full(n, 100.0), rng.uniform(0.010, 0.025, size=(n, 1)), 0.01, n)
    GO = np.array([[go[(i, y)] for y in YEARS] for i in INDUSTRIES])
    II = np.array([[ii[(i, y)] for y in YEARS] for i in INDUSTRIES])
    Y = GO / (go_p / 100.0)
    K = walk(rng.uniform(1.0, 3.0, n) * Y[:, 0], rng.normal(0.02, 0.01, size=(n, 1)), 0.02, n)
    ict = np.minimum(rng.uniform(0.02, 0.10, n)[:, None] * np.exp(rng.uniform(0.03, 0.08, n)[:, None] * np.arange(t)), 0.5)
    w_h = walk(rng.uniform(35, 55, n), 0.030, 0.015, n)
    w_m = walk(w_h[:, 0] * rng.uniform(0.60, 0.75, n), 0.025, 0.015, n)
    w_l = walk(w_h[:, 0] * rng.uniform(0.45, 0.60, n), 0.020, 0.015, n)
    r_l, r_m = np.log(w_l / w_h), np.log(w_m / w_h)
    OM = {g: np.array([[om(i, y, "om", g) for y in YEARS] for i in INDUSTRIES]) for g in ["total"] + GROUPS}
    OS = np.array([[om(i, y, "os", "total") for y in YEARS] for i in INDUSTRIES])
    lnky = np.log(K / Y)

    def share(p, own_c, cross_c):
        return (own_c * r_l + cross_c * r_m + p["f"] * lnky + sum(p[f"d_{g}"] * OM[g] for g in GROUPS)
                + p["d_os"] * OS + p["t_ict"] * ict + p["h_om_ict"] * OM["total"] * ict)

    lo, me = T["skill_low"], T["skill_medium"]
    sys_low = share(lo, lo["c_ll"], lo["c_lm"])
    sys_med = share(me, me["c_ml"], me["c_mm"])
    e = T["errors"]
    cov = np.array([[e["sd_low"] ** 2, e["corr_low_medium"] * e["sd_low"] * e["sd_medium"]],
                    [e["corr_low_medium"] * e["sd_low"] * e["sd_medium"], e["sd_medium"] ** 2]])
    eps = rng.multivariate_normal([0, 0], cov, size=(n, t))
    a_l = rng.uniform(0.15, 0.40, n) - sys_low[:, 0]
    a_m = rng.uniform(0.40, 0.55, n) - sys_med[:, 0]
    b_l = -0.004 * np.arange(t)
    b_m = 0.001 * np.arange(t)
    S_l = a_l[:, None] + b_l[None, :] + sys_low + eps[:, :, 0]
    S_m = a_m[:, None] + b_m[None, :] + sys_med + eps[:, :, 1]
    S_h = 1 - S_l - S_m
    assert min(S_l.min(), S_m.min(), S_h.min()) > 0.01, "a generated share left (0, 1): change the parameters"

    inv = S_l / w_l + S_m / w_m + S_h / w_h
    w = 1 / inv
    ld = T["labour_demand"]
    fit = ld["a_w"] * np.log(w) + ld["a_Y"] * np.log(Y) + ld["g_om"] * OM["total"] + ld["g_os"] * OS
    hours0 = rng.uniform(0.20, 0.45, n) * GO[:, 0] / w[:, 0]          # millions of hours
    a_i = np.log(hours0) - fit[:, 0]
    H = np.exp(a_i[:, None] - 0.01 * np.arange(t)[None, :] + fit + rng.normal(0, e["sd_labour_demand"], size=(n, t)))
    LAB = H * w
    EMP = H * 1000.0 / (1550.0 * np.exp(rng.normal(0, 0.02, size=(n, t))))
    h_share = {"L": S_l / w_l / inv, "M": S_m / w_m / inv, "H": S_h / w_h / inv}

    series = [
        ("GO_P", "SYNTHETIC price index of gross output, 1995=100", go_p),
        ("II_P", "SYNTHETIC price index of intermediate inputs, 1995=100", ii_p),
        ("K", "SYNTHETIC real fixed capital stock, millions of 1995 US$", K),
        ("K_ICT", "SYNTHETIC real ICT capital stock, millions of 1995 US$", K * ict),
        ("EMP", "SYNTHETIC number of persons engaged, thousands", EMP),
        ("H_EMPE", "SYNTHETIC total hours worked, millions", H),
        ("LAB", "SYNTHETIC labour compensation, millions of US$", LAB),
        ("H_LS", "SYNTHETIC hours worked by low-skilled persons, % of total hours", 100 * h_share["L"]),
        ("H_MS", "SYNTHETIC hours worked by medium-skilled persons, % of total hours", 100 * h_share["M"]),
        ("H_HS", "SYNTHETIC hours worked by high-skilled persons, % of total hours", 100 * h_share["H"]),
        ("LABLS", "SYNTHETIC labour compensation of low-skilled persons, % of total", 100 * S_l),
        ("LABMS", "SYNTHETIC labour compensation of medium-skilled persons, % of total", 100 * S_m),
        ("LABHS", "SYNTHETIC labour compensation of high-skilled persons, % of total", 100 * S_h),
    ]
    for var, desc, values in series:
        for k, i in enumerate(INDUSTRIES):
            rows.append(["BEL", var, desc, i] + [repr(float(v)) for v in values[k]])
    out = pd.DataFrame(rows, columns=["country", "variable", "description", "code"] + [str(y) for y in YEARS])
    out.to_csv(os.path.join(HERE, "BEL_synthetic_sea.csv"), index=False, lineterminator="\n")

    with open(os.path.join(HERE, "BEL_synthetic_truth.toml"), "w") as f:
        f.write("# True parameters of the SYNTHETIC Belgian accounts made by make_synthetic_bel.py (seed %d).\n" % SEED)
        f.write("# om and os enter in percentage points; shares are fractions (0-1), wages in US$ per hour.\n")
        f.write("seed = %d\n" % SEED)
        f.write("industries_without_measures = [%s]\n" % ", ".join('"%s"' % i for i in undefined))
        for section, params in TRUTH.items():
            f.write("\n[%s]\n" % section)
            for k, v in params.items():
                f.write("%s = %r\n" % (k, v))


if __name__ == "__main__":
    main()
