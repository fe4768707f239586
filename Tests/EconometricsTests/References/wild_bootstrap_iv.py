"""Reference values for offshore's wild restricted efficient bootstrap for 2SLS (issue 17, item 4).

Run from this folder:  python3 wild_bootstrap_iv.py  (writes wild_bootstrap_iv_reference.csv; the seeded panel
wild_bootstrap_iv_panel.csv is written once by --make-panel and committed).

Davidson and MacKinnon (2010, "Wild bootstrap tests for IV regression", Journal of Business & Economic Statistics
28(1)), for y1 = beta y2 + Z gamma + u1 with one endogenous regressor y2 and instruments W = [Z, excluded]:

  WRE (restricted, the null beta = beta0 imposed):
    1. u1~ = the residuals of OLS of y1 - beta0 y2 on Z (gamma~ its coefficients);
    2. the efficient reduced form: OLS of y2 on W and u1~; pi~ its coefficients on W, u2~ = y2 - W pi~;
    3. each draw: y2* = W pi~ + u2~ .* v, y1* = beta0 y2* + Z gamma~ + u1~ .* v, with the same weight v_g for
       every observation of cluster g in both equations;
    4. 2SLS of y1* on [y2*, Z] with instruments W, t* = (beta* - beta0) / se*, se* cluster-robust (CR0 here: the
       small-sample factor is common to every statistic and cancels).
  WUE (unrestricted): u1^ the 2SLS residuals, the reduced form on W and u1^, y1* = beta^ y2* + Z gamma^ + u1^ .* v,
    t* = (beta* - beta^) / se*.

Brute force: every draw re-estimates 2SLS with every fixed effect as dummy columns (in Z and W), written here
independently of offshore's code. Weights: analytic, all variables times sqrt(w). Draws: Rademacher enumeration
when 2^G <= reps, else offshore's documented generator (wild_bootstrap.py's Xoshiro).
"""
import math
import sys

import numpy as np
import pandas as pd

from wild_bootstrap import enumeration, offshore_draws, pvalue_et, pvalue_sym

CASES = [
    # name, exogenous regressors, fixed effects, cluster, weights, kind, reps
    ("iv_fe_rademacher", ["x"], ["industry", "year"], "year", None, "rademacher", 9999),
    ("iv_pooled_rademacher", ["x"], [], "industry", None, "rademacher", 99999),
    ("iv_fe_webb_weighted", ["x"], ["industry"], "industry", "w", "webb", 999),
]
INSTRUMENTS = ["z1", "z2"]


def make_panel():
    rng = np.random.default_rng(20261204)
    rows = []
    for g in range(14):
        a = rng.normal()
        for t in range(13):
            z1, z2, x = rng.normal(), rng.normal(), rng.normal() + 0.3 * a
            common = rng.normal()
            v = 0.8 * common + rng.normal() * 0.6
            u = 0.6 * common + rng.normal() * (0.8 + 0.3 * abs(x))
            w = rng.uniform(0.5, 2.0)
            y2 = 0.4 * z1 + 0.25 * z2 + 0.5 * x + 0.5 * a + v
            y1 = 1.0 + 0.3 * y2 + 0.8 * x + a + 0.05 * t + u / math.sqrt(w)
            rows.append((f"ind{g + 1:02d}", 2000 + t, round(z1, 4), round(z2, 4), round(x, 4), round(w, 4), round(y2, 4), round(y1, 4)))
    pd.DataFrame(rows, columns=["industry", "year", "z1", "z2", "x", "w", "y2", "y1"]).to_csv("wild_bootstrap_iv_panel.csv", index=False)


def dummies(df, fes):
    cols = [np.ones(len(df))]
    for f in fes:
        codes, uniq = pd.factorize(df[f])
        for l in range(1, len(uniq)):
            cols.append((codes == l).astype(float))
    return np.column_stack(cols)


def iv_t(y1, y2, Z, W, cl, G, beta0):
    """2SLS t statistics (CR0) of the coefficient on y2 being beta0, for every column of y1, y2 (n x B)."""
    n, B = y1.shape
    # Projection on W.
    Q, _ = np.linalg.qr(W)
    out = np.empty(B)
    est = np.empty(B)
    for b in range(B):
        X = np.column_stack([y2[:, b], Z])
        Xh = Q @ (Q.T @ X)
        A = np.linalg.inv(Xh.T @ Xh)
        beta = A @ (Xh.T @ y1[:, b])
        e = y1[:, b] - X @ beta
        a = A[0]
        den = 0.0
        for g in range(G):
            idx = cl == g
            s = a @ (Xh[idx].T @ e[idx])
            den += s * s
        out[b] = (beta[0] - beta0) / math.sqrt(den)
        est[b] = beta[0]
    return out, est


def wre(y1, y2, Z, W, cl, G, V, beta0, restricted):
    t, est = iv_t(y1[:, None], y2[:, None], Z, W, cl, G, beta0)
    t, bhat = t[0], est[0]
    if restricted:
        g = np.linalg.lstsq(Z, y1 - beta0 * y2, rcond=None)[0]
        u1 = y1 - beta0 * y2 - Z @ g
        b_dgp, gamma = beta0, g
    else:
        X = np.column_stack([y2, Z])
        Q, _ = np.linalg.qr(W)
        Xh = Q @ (Q.T @ X)
        coef = np.linalg.solve(Xh.T @ Xh, Xh.T @ y1)
        u1 = y1 - X @ coef
        b_dgp, gamma = coef[0], coef[1:]
    rf = np.linalg.lstsq(np.column_stack([W, u1]), y2, rcond=None)[0]
    pi = rf[:-1]
    u2 = y2 - W @ pi
    Vn = V[:, cl].T  # n x B
    y2s = (W @ pi)[:, None] + u2[:, None] * Vn
    y1s = b_dgp * y2s + (Z @ gamma)[:, None] + u1[:, None] * Vn
    tb, _ = iv_t(y1s, y2s, Z, W, cl, G, beta0 if restricted else bhat)
    return t, tb, bhat


def main():
    if "--make-panel" in sys.argv:
        make_panel()
    df = pd.read_csv("wild_bootstrap_iv_panel.csv")
    out = []

    def emit(case, term, kind, quantity, value):
        out.append((case, term, kind, quantity, repr(float(value))))

    seed = 20171203
    for case, xs, fes, clv, wv, kind, reps in CASES:
        D = dummies(df, fes)
        Zraw = np.column_stack([df[x].to_numpy(float) for x in xs] + [D])
        Wraw = np.column_stack([Zraw] + [df[z].to_numpy(float) for z in INSTRUMENTS])
        w = df[wv].to_numpy(float) if wv else np.ones(len(df))
        sw = np.sqrt(w)
        Z, W = Zraw * sw[:, None], Wraw * sw[:, None]
        y1, y2 = df["y1"].to_numpy(float) * sw, df["y2"].to_numpy(float) * sw
        cl, _ = pd.factorize(df[clv])
        G = cl.max() + 1
        V = enumeration(G) if kind == "rademacher" and 2 ** G <= reps else offshore_draws(seed, kind, reps, G)
        emit(case, "", kind, "draws", V.shape[0])
        for restricted in (True, False):
            label = "WRE" if restricted else "WUE"
            t, tb, bhat = wre(y1, y2, Z, W, cl, G, V, 0.0, restricted)
            emit(case, "y2", label, "estimate", bhat)
            emit(case, "y2", label, "brute_t_cr0", t)
            emit(case, "y2", label, "brute_p_symmetric", pvalue_sym(t, tb))
            emit(case, "y2", label, "brute_p_equal_tailed", pvalue_et(t, tb))
            for b in range(10):
                emit(case, "y2", label, f"brute_tboot_{b}", tb[b])
    pd.DataFrame(out, columns=["case", "term", "type", "quantity", "value"]).to_csv("wild_bootstrap_iv_reference.csv", index=False)


if __name__ == "__main__":
    main()
