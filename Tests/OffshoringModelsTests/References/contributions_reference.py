#!/usr/bin/env python3
"""Independent reference for the decompositions of `offshore estimate` that add up (issue 20), on the REAL panel.

Reads real_panel.csv (the independent pandas build of the bundled default's panel, see real_panel_reference.py)
and, for the three decompositions of the bundled default config (skill_share, skill_share_hours, productivity),
with iid standard errors and no bootstrap:
  - estimates the model by (weighted) least squares with explicit industry and year dummies (numpy lstsq);
  - splits the weighted change of the response between two years, dS = sum_i w_i (S_iT - S_i0), into
      b_k dX_k / dS per regressor,
      the year effects: sum_i w_i (fe_iT - fe_i0) / dS with fe the fitted dummies' part (industry effects cancel),
      the residual: sum_i w_i (e_iT - e_i0) / dS,
    which add to 1 exactly (the 'total' row);
  - splits the interaction om*ict by the midpoint rule: per industry
      d(om*ict) = (ict_0 + ict_T)/2 d(om) + (om_0 + om_T)/2 d(ict);
  - groups as in SupplyUseTables/config/estimate-default.toml (in the order the tool reads them: by name);
  - standard errors sqrt(c'Vc), V = sigma^2 (X'WX)^-1 over the slopes (sigma^2 = sum w e^2 / (N - rank), the
    dummies counted), c the row's weights on the coefficients: a term dX_k/dS; the year effects -d(P x_k)/dS and
    the residual -d(M x_k)/dS with P the weighted projection on the dummies, M = I - P (each row is affine in b).
Samples as the tool builds them: the model's industries and years; wbshare and empshare recomputed as shares of
the sample's yearly totals of LAB and EMP; rows complete in every variable (and with a positive regression weight);
from = first, to = last year with complete rows; industry weights w_i the first year's.
Writes contributions_reference.csv: model,row,contribution,std_error (17 significant digits).
Usage: python3 contributions_reference.py   (pandas, numpy)
"""
import os

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
MANUFACTURING = ["c%d" % i for i in range(3, 17)]

SKILL = ["log(w_l/w_h)", "log(w_m/w_h)", "log(K/Y)", "om_OECD", "om_CEE", "om_ASIA", "os", "ict", "I(om * ict)"]
SKILL_GROUPS = [
    ("materials offshoring", ["om_OECD", "om_CEE", "om_ASIA"]),
    ("offshoring", ["om_OECD", "om_CEE", "om_ASIA", "os"]),
    ("offshoring with om part of om x ict", ["om_OECD", "om_CEE", "om_ASIA", "os", "I(om * ict)[om]"]),
    ("services offshoring", ["os"]),
    ("technology", ["ict", "I(om * ict)"]),
    ("technology with ict part of om x ict", ["ict", "I(om * ict)[ict]"]),
]


def columns(d, names):
    out = {}
    for n in names:
        if n == "log(w_l/w_h)":
            out[n] = np.log(d.w_l / d.w_h)
        elif n == "log(w_m/w_h)":
            out[n] = np.log(d.w_m / d.w_h)
        elif n == "log(K/Y)":
            out[n] = np.log(d.K / d.Y)
        elif n == "log(K/L)":
            out[n] = np.log(d.K / d.L)
        elif n == "log(M/L)":
            out[n] = np.log(d.M / d.L)
        elif n == "I(om * ict)":
            out[n] = d.om * d.ict
        else:
            out[n] = d[n]
    return pd.DataFrame(out, index=d.index)


def decompose(name, response, terms, years, weights, regression_weights, groups):
    panel = pd.read_csv(os.path.join(HERE, "real_panel.csv"))
    d = panel[panel.industry.isin(MANUFACTURING) & panel.year.between(*years)].copy()
    for share, src in [("wbshare", "LAB"), ("empshare", "EMP")]:
        total = d.groupby("year")[src].transform(lambda v: v[np.isfinite(v)].sum())
        d[share] = d[src] / total
    if response == "log(Y/L)":
        y = np.log(d.Y / d.L)
    else:
        y = d[response]
    X = columns(d, terms)
    ok = np.isfinite(y) & np.isfinite(X).all(axis=1)
    if regression_weights:
        rw = d[regression_weights]
        ok &= np.isfinite(rw) & (rw > 0)
    d, y, X = d[ok], y[ok], X[ok]
    rw = d[regression_weights].to_numpy() if regression_weights else np.ones(len(d))
    inds = sorted(d.industry.unique(), key=lambda c: int(c[1:]))
    yrs = sorted(d.year.unique())
    D = np.column_stack([(d.industry == c).to_numpy(float) for c in inds]
                        + [(d.year == t).to_numpy(float) for t in yrs[1:]])
    s = np.sqrt(rw)
    full = np.column_stack([X.to_numpy(), D])
    coef, _, rank, _ = np.linalg.lstsq(full * s[:, None], y.to_numpy() * s, rcond=None)
    k = len(terms)
    b = coef[:k]
    fe = D @ coef[k:]
    e = y.to_numpy() - X.to_numpy() @ b - fe
    n = len(d)
    sigma2 = np.sum(rw * e ** 2) / (n - rank)
    # V over the slopes: the slope block of sigma^2 (F'WF)^-1, i.e. sigma^2 (X~'W X~)^-1 with X~ = M X (FWL).
    def project(v):
        c, *_ = np.linalg.lstsq(D * s[:, None], v * s, rcond=None)
        return D @ c
    PX = np.column_stack([project(X[t].to_numpy()) for t in terms])
    MX = X.to_numpy() - PX
    V = sigma2 * np.linalg.inv(MX.T @ (rw[:, None] * MX))
    first, last = min(yrs), max(yrs)
    idx = {(r.industry, r.year): i for i, r in enumerate(d.itertuples())}
    pairs, w = [], []
    for c in inds:
        if (c, first) in idx and (c, last) in idx:
            i0, iT = idx[(c, first)], idx[(c, last)]
            pairs.append((i0, iT))
            w.append(d[weights].iloc[i0])
    w = np.array(w)

    def change(v):
        v = np.asarray(v)
        return sum(wi * (v[iT] - v[i0]) for wi, (i0, iT) in zip(w, pairs))

    yv = y.to_numpy()
    dS = change(yv)
    dX = np.array([change(X[t].to_numpy()) for t in terms])
    rows = []

    def add(label, value, c):
        rows.append((name, label, value, float(np.sqrt(max(c @ V @ c, 0.0)))))

    for j, t in enumerate(terms):
        c = np.zeros(k); c[j] = dX[j] / dS
        add(t, b[j] * c[j], c)
    cy = np.array([-change(PX[:, j]) for j in range(k)]) / dS
    cr = np.array([-change(MX[:, j]) for j in range(k)]) / dS
    year_value = change(fe) / dS
    resid_value = change(e) / dS
    add("year effects", year_value, cy)
    add("residual", resid_value, cr)
    total = sum(r[2] for r in rows)
    rows.append((name, "total", total, 0.0))
    weights_of = {}
    for j, t in enumerate(terms):
        c = np.zeros(k); c[j] = dX[j] / dS
        weights_of[t] = c
    if "I(om * ict)" in terms:
        j = terms.index("I(om * ict)")
        om, ict = d.om.to_numpy(), d.ict.to_numpy()
        for fac, other, label in [(om, ict, "om"), (ict, om, "ict")]:
            part = sum(wi * 0.5 * (other[i0] + other[iT]) * (fac[iT] - fac[i0]) for wi, (i0, iT) in zip(w, pairs))
            c = np.zeros(k); c[j] = part / dS
            weights_of["I(om * ict)[%s]" % label] = c
            add("I(om * ict)[%s]" % label, b[j] * c[j], c)
    for g, members in groups:
        c = sum(weights_of[m] for m in members)
        add(g, float(b @ c), c)
    if k > 1:
        c = dX / dS
        add("all regressors", float(b @ c), c)
    return rows


def main():
    rows = []
    rows += decompose("skill_share", "S_l", SKILL, (1995, 2007), "wbshare", "wbshare", SKILL_GROUPS)
    rows += decompose("skill_share_hours", "E_l", SKILL, (1995, 2007), "empshare", "empshare", SKILL_GROUPS)
    rows += decompose("productivity", "log(Y/L)", ["log(K/L)", "log(M/L)", "om", "os"], (1995, 2004), "empshare", None,
                      [("offshoring", ["om", "os"])])
    out = pd.DataFrame(rows, columns=["model", "row", "contribution", "std_error"])
    out.to_csv(os.path.join(HERE, "contributions_reference.csv"), index=False, float_format="%.17g")
    for m, g in out.groupby("model", sort=False):
        summands = g[~g.row.isin(["total"]) & ~g.row.str.contains(r"\[") & ~g.row.isin([x for x, _ in SKILL_GROUPS] + ["offshoring", "all regressors"])]
        print(m, "summands add to", summands.contribution.sum())


if __name__ == "__main__":
    main()
