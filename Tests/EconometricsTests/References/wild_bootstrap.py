"""Reference values for offshore's wild cluster bootstrap (issue 17).

Run from this folder:  python3 wild_bootstrap.py  (writes wild_bootstrap_reference.csv; the synthetic panel
wild_bootstrap_panel.csv is written once by --make-panel and committed).

Three independent computations, none of them offshore's algorithm:
  * wildboottest 0.3.2 (PyPI; Fischer, Roodman et al.'s "fast and wild" WCR11/WCU11 in Python), fed the model
    with every fixed effect as dummy columns, so its bootstrap re-estimates the model with the effects;
  * pyfixest 0.60's Feols.wildboottest() (which calls wildboottest on its one-hot model matrix) for the
    Grunfeld cases with Rademacher full enumeration;
  * a brute-force bootstrap written here: every draw builds y* and re-estimates OLS with the dummies by
    least squares, then the CR1 statistic; used for weighted models, joint (Wald) tests and the confidence
    intervals by test inversion (bisection on the brute-force p-value, the same bracketing offshore uses).

Random draws: wildboottest accepts a callable for the weights; it is given offshore's own draws, reproduced here
from the documented generator (xoshiro256** seeded by SplitMix64, see WildBootstrapRandom in
Sources/Econometrics/WildBootstrapSpec.swift), so Webb, Mammen, normal and random Rademacher draws are identical
and results can be compared to rounding rather than within Monte Carlo error.

Clusters are numbered in order of first appearance in the data (offshore's factor codes); wildboottest sorts
the cluster ids, so it is given those codes.
"""
import math
import sys
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")

MASK = (1 << 64) - 1


class Xoshiro:
    def __init__(self, seed):
        sm = seed & MASK

        def nxt():
            nonlocal sm
            sm = (sm + 0x9E3779B97F4A7C15) & MASK
            z = sm
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
            return z ^ (z >> 31)

        self.s = [nxt(), nxt(), nxt(), nxt()]

    @staticmethod
    def rotl(x, k):
        return ((x << k) | (x >> (64 - k))) & MASK

    def next(self):
        s0, s1, s2, s3 = self.s
        result = (self.rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = self.rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def uniform(self):
        return (self.next() >> 11) * 2.0 ** -53

    def weight(self, kind):
        if kind == "rademacher":
            return 1.0 if self.next() >> 63 == 1 else -1.0
        if kind == "webb":
            pts = [-math.sqrt(1.5), -1.0, -math.sqrt(0.5), math.sqrt(0.5), 1.0, math.sqrt(1.5)]
            return pts[min(5, int(self.uniform() * 6))]
        if kind == "mammen":
            r5 = math.sqrt(5.0)
            return -(r5 - 1) / 2 if self.uniform() < (r5 + 1) / (2 * r5) else (r5 + 1) / 2
        if kind == "normal":
            u1 = self.uniform()
            u2 = self.uniform()
            return math.sqrt(-2 * math.log(1 - u1)) * math.cos(2 * math.pi * u2)
        raise ValueError(kind)


def offshore_draws(seed, kind, B, G):
    """B x G matrix of offshore's weights (draw by draw)."""
    rng = Xoshiro(seed)
    return np.array([[rng.weight(kind) for _ in range(G)] for _ in range(B)])


def enumeration(G):
    import itertools
    return np.array(list(itertools.product([-1.0, 1.0], repeat=G)))


def design(df, formula_x, fes, intercept=True):
    """The full model matrix: intercept, regressors, then dummies of each fixed effect (first level dropped)."""
    cols = []
    names = []
    if intercept:
        cols.append(np.ones(len(df)))
        names.append("(Intercept)")
    for v in formula_x:
        cols.append(df[v].to_numpy(float))
        names.append(v)
    for f in fes:
        codes, uniq = pd.factorize(df[f])
        for l in range(1, len(uniq)):
            cols.append((codes == l).astype(float))
            names.append(f"{f}={uniq[l]}")
    return np.column_stack(cols), names


def brute(X, y, cl, w, R, r, V, restricted):
    """Brute-force wild bootstrap: re-estimate on every draw. Returns (stat, stats*) with stat the CR0 Wald
    statistic (times q, unscaled) of R b = r; V is B x G."""
    sw = np.sqrt(w)
    Xw = X * sw[:, None]
    yw = y * sw
    A = np.linalg.inv(Xw.T @ Xw)
    beta = A @ (Xw.T @ yw)
    R = np.atleast_2d(R)
    r = np.atleast_1d(r).astype(float)
    G = V.shape[1]

    def wald(b, E, rr):
        # b: K x B, E: n x B residuals (weighted scale); CR0 Wald per column.
        d = R @ b - rr[:, None]  # q x B
        RA = R @ A
        q, B = d.shape
        meat = np.zeros((B, q, q))
        for g in range(G):
            idx = cl == g
            s = RA @ (Xw[idx].T @ E[idx])  # q x B
            meat += np.einsum("ib,jb->bij", s, s)
        out = np.empty(B)
        for i in range(B):
            out[i] = d[:, i] @ np.linalg.solve(meat[i], d[:, i])
        return out

    uhat = yw - Xw @ beta
    stat = wald(beta[:, None], uhat[:, None], r)[0]
    if restricted:
        RA = R @ A
        beta_r = beta - A @ R.T @ np.linalg.solve(RA @ R.T, R @ beta - r)
    else:
        beta_r = beta
    u = yw - Xw @ beta_r
    fitted = Xw @ beta_r
    Ystar = fitted[:, None] + u[:, None] * V[:, cl].T
    Bstar = A @ (Xw.T @ Ystar)
    Estar = Ystar - Xw @ Bstar
    centre = r if restricted else R @ beta
    return stat, wald(Bstar, Estar, centre), beta


def brute_t(X, y, cl, w, j, r0, V, restricted):
    """Signed t statistics (CR0) of b_j = r0 by brute force."""
    sw = np.sqrt(w)
    Xw = X * sw[:, None]
    yw = y * sw
    A = np.linalg.inv(Xw.T @ Xw)
    beta = A @ (Xw.T @ yw)
    K = X.shape[1]
    e = np.zeros(K)
    e[j] = 1
    G = V.shape[1]

    def tstats(b, E, rr):
        num = b[j] - rr
        den = np.zeros(b.shape[1])
        a = A[j]
        for g in range(G):
            idx = cl == g
            s = a @ (Xw[idx].T @ E[idx])
            den += s * s
        return num / np.sqrt(den)

    uhat = yw - Xw @ beta
    t = tstats(beta[:, None], uhat[:, None], r0)[0]
    if restricted:
        beta_r = beta - A[:, j] * (beta[j] - r0) / A[j, j]
    else:
        beta_r = beta
    u = yw - Xw @ beta_r
    Ystar = (Xw @ beta_r)[:, None] + u[:, None] * V[:, cl].T
    Bstar = A @ (Xw.T @ Ystar)
    Estar = Ystar - Xw @ Bstar
    tb = tstats(Bstar, Estar, r0 if restricted else beta[j])
    return t, tb


TIE = 1e-9  # offshore's tie rule: a draw within this relative distance of the original statistic does not exceed it


def pvalue_sym(t, tb):
    return np.mean(np.abs(tb) > abs(t) * (1 + TIE))


def pvalue_et(t, tb):
    above = np.mean(tb > t + TIE * abs(t))
    below = np.mean(tb < t - TIE * abs(t))
    return 2 * min(above, below)


def ci_bound(X, y, cl, w, j, V, restricted, se, direction, alpha=0.05):
    """offshore's bracketing and bisection, on the brute-force p-value."""
    sw = np.sqrt(w)
    Xw = X * sw[:, None]
    A = np.linalg.inv(Xw.T @ Xw)
    est = (A @ (Xw.T @ (y * sw)))[j]

    def p(r0):
        t, tb = brute_t(X, y, cl, w, j, r0, V, restricted)
        return pvalue_sym(t, tb)

    if not p(est) > alpha:
        return float("nan")
    inside = est
    m = 2.0
    outside = est + direction * m * se
    while p(outside) > alpha:
        inside = outside
        m *= 2
        outside = est + direction * m * se
    for _ in range(200):
        mid = inside + (outside - inside) / 2
        if mid == inside or mid == outside:
            break
        if p(mid) > alpha:
            inside = mid
        else:
            outside = mid
    return inside


def make_panel():
    rng = np.random.default_rng(20261203)
    rows = []
    for g in range(14):
        a = rng.normal()
        shock = rng.normal(size=13)
        for t in range(13):
            x1 = rng.normal() + 0.5 * a
            x2 = rng.normal() + 0.3 * t / 13
            x3 = rng.normal() + 0.4 * shock[t]
            w = rng.uniform(0.5, 2.0)
            e = (0.7 * shock[t] + rng.normal() * (1 + 0.5 * abs(x1))) / math.sqrt(w)
            y = 1.0 + 0.8 * x1 - 0.15 * x2 + 0.0 * x3 + a + 0.1 * t + e
            rows.append((f"ind{g + 1:02d}", 2000 + t, round(x1, 4), round(x2, 4), round(x3, 4), round(w, 4), round(y, 4)))
    pd.DataFrame(rows, columns=["industry", "year", "x1", "x2", "x3", "w", "y"]).to_csv("wild_bootstrap_panel.csv", index=False)


def main():
    if "--make-panel" in sys.argv:
        make_panel()
    from wildboottest.wildboottest import WildboottestCL
    import pyfixest as pf

    grunfeld = pd.read_csv("/work/shared/data/validation/grunfeld.csv")
    panel = pd.read_csv("wild_bootstrap_panel.csv")
    out = []

    def emit(case, term, kind, quantity, value):
        out.append((case, term, kind, quantity, repr(float(value))))

    # case: data, regressors, fixed effects, cluster, weights column, weights kind, B, seed, terms to test
    cases = [
        ("grunfeld_pooled", grunfeld, ["value", "capital"], [], "firm", None, "rademacher", 9999),
        ("grunfeld_fe_firm", grunfeld, ["value", "capital"], ["firm"], "firm", None, "rademacher", 9999),
        ("grunfeld_fe_year", grunfeld, ["value", "capital"], ["year"], "firm", None, "rademacher", 9999),
        ("grunfeld_fe_firm_year", grunfeld, ["value", "capital"], ["firm", "year"], "firm", None, "rademacher", 9999),
        ("grunfeld_webb", grunfeld, ["value", "capital"], ["firm", "year"], "firm", None, "webb", 999),
        ("panel_webb", panel, ["x1", "x2", "x3"], ["industry", "year"], "industry", None, "webb", 999),
        ("panel_rademacher", panel, ["x1", "x2", "x3"], ["year"], "industry", None, "rademacher", 999),
        ("panel_mammen", panel, ["x1", "x2", "x3"], [], "industry", None, "mammen", 999),
        ("panel_normal", panel, ["x1", "x2", "x3"], ["industry"], "industry", None, "normal", 999),
        ("panel_webb_weighted", panel, ["x1", "x2", "x3"], ["industry", "year"], "industry", "w", "webb", 999),
    ]
    seed = 20171203
    for case, df, xs, fes, clv, wv, kind, B in cases:
        X, names = design(df, xs, fes, intercept=True)
        y = df["invest" if "invest" in df else "y"].to_numpy(float)
        cl, _ = pd.factorize(df[clv])
        G = cl.max() + 1
        w = df[wv].to_numpy(float) if wv else np.ones(len(df))
        if kind == "rademacher" and 2 ** G <= B:
            V = enumeration(G)
        else:
            V = offshore_draws(seed, kind, B, G)
        Bd = V.shape[0]
        emit(case, "", kind, "draws", Bd)
        flat = V.T.reshape(-1)  # wildboottest reshapes to (G, B) row by row
        sw = np.sqrt(w)
        n, K = X.shape
        ssc = G / (G - 1) * (n - 1) / (n - K)
        for term in xs:
            j = names.index(term)
            R = np.zeros(K)
            R[j] = 1
            for impose in (True, False):
                label = "WCR" if impose else "WCU"
                boot = WildboottestCL(X=X * sw[:, None], Y=y * sw, cluster=cl, R=R, B=Bd, seed=1, parallel=False)
                boot.get_scores(bootstrap_type="11", impose_null=impose, adj=True, cluster_adj=True)
                boot.get_weights(weights_type=lambda n, rng, flat=flat: flat.copy())
                boot.get_numer()
                boot.get_denom()
                boot.get_tboot()
                boot.get_vcov()
                boot.get_tstat()
                # p-values from wildboottest's statistics with offshore's tie rule (draws proportional to
                # (1, ..., 1) reproduce the original statistic exactly; wildboottest's strict comparison lets
                # rounding decide them).
                t = float(np.asarray(boot.t_stat).reshape(-1)[0])
                tb = np.asarray(boot.t_boot).reshape(-1)
                emit(case, term, label, "wildboottest_t", t)
                emit(case, term, label, "wildboottest_p_symmetric", pvalue_sym(t, tb))
                emit(case, term, label, "wildboottest_p_equal_tailed", pvalue_et(t, tb))
                for b in range(10):
                    emit(case, term, label, f"wildboottest_tboot_{b}", tb[b])
                # brute force: t and p, and the confidence interval by inversion
                tb0, tbb = brute_t(X, y, cl, w, j, 0.0, V, impose)
                emit(case, term, label, "brute_p_symmetric", pvalue_sym(tb0, tbb))
                if case in ("grunfeld_fe_firm_year", "panel_webb", "panel_webb_weighted", "grunfeld_pooled"):
                    A = np.linalg.inv((X * sw[:, None]).T @ (X * sw[:, None]))
                    # the CR1 standard error (ssc with K = all columns, as offshore's K counts absorbed parameters)
                    Xw = X * sw[:, None]
                    beta = A @ (Xw.T @ (y * sw))
                    uh = y * sw - Xw @ beta
                    meat = 0.0
                    for g in range(G):
                        idx = cl == g
                        s = A[j] @ (Xw[idx].T @ uh[idx])
                        meat += s * s
                    se = math.sqrt(ssc * meat)
                    emit(case, term, label, "brute_ci_low", ci_bound(X, y, cl, w, j, V, impose, se, -1.0))
                    emit(case, term, label, "brute_ci_high", ci_bound(X, y, cl, w, j, V, impose, se, 1.0))
        # joint test of all regressors but the first being zero (brute force)
        if len(xs) >= 2:
            q = len(xs) - 1
            Rm = np.zeros((q, K))
            for i, term in enumerate(xs[1:]):
                Rm[i, names.index(term)] = 1
            for impose in (True, False):
                label = "WCR" if impose else "WCU"
                stat, stats, _ = brute(X, y, cl, w, Rm, np.zeros(q), V, impose)
                emit(case, "joint", label, "brute_wald_over_q", stat / ssc / q)
                emit(case, "joint", label, "brute_p", np.mean(stats > stat * (1 + TIE)))

    # pyfixest's own wildboottest on the Grunfeld cases (Rademacher, full enumeration: deterministic). Its
    # numba kernel needs numeric cluster ids: the firms are given as their codes.
    grunfeld = grunfeld.assign(firm=pd.factorize(grunfeld["firm"])[0])
    for case, fml in [("grunfeld_pooled", "invest ~ value + capital"), ("grunfeld_fe_firm", "invest ~ value + capital | firm"),
                      ("grunfeld_fe_firm_year", "invest ~ value + capital | firm + year")]:
        fit = pf.feols(fml, data=grunfeld, vcov={"CRV1": "firm"})
        for term in ["value", "capital"]:
            for impose in (True, False):
                res, tb = fit.wildboottest(reps=9999, param=term, cluster="firm", weights_type="rademacher", impose_null=impose,
                                           seed=1, return_bootstrapped_t_stats=True)
                emit(case, term, "WCR" if impose else "WCU", "pyfixest_p_symmetric", pvalue_sym(float(res["t value"]), np.asarray(tb).reshape(-1)))
                emit(case, term, "WCR" if impose else "WCU", "pyfixest_t", float(res["t value"]))

    pd.DataFrame(out, columns=["case", "term", "type", "quantity", "value"]).to_csv("wild_bootstrap_reference.csv", index=False)


if __name__ == "__main__":
    main()
