"""Reference values for offshore's two-way clustered wild bootstrap (issue 17, item 3).

Run from this folder:  python3 wild_bootstrap_twoway.py  (writes wild_bootstrap_twoway_reference.csv).

MacKinnon, Nielsen and Webb (2021, "Wild bootstrap and asymptotic inference with multiway clustering", JBES 39(2)):
the statistic is t = (b_j - r) / sqrt(a_j' (M_1 + M_2 - M_12) a_j), the two-way cluster-robust variance of Cameron,
Gelbach and Miller (2011) (M_d the CR0 "meat" summed over the clusters of dimension d, M_12 over their
intersections; the small-sample factor is common to all terms in offshore's two-way CR1, so it cancels in the
bootstrap and is left out here); the bootstrap weights are drawn at the level of ONE clustering dimension (the
"bootstrap clusters": by default the dimension with fewer clusters, as boottest's bootcluster default), one weight
per bootstrap cluster, restricted (WCR: the null imposed) or unrestricted (WCU).

No packaged implementation is available here (wildboottest and pyfixest bootstrap one-way only), so this is a
brute-force bootstrap written independently of offshore's algorithm: every draw builds y* = X b~ + u~ .* v and
re-estimates OLS with every fixed effect as dummy columns by least squares, then computes the two-way statistic
from the re-estimated residuals. A draw whose two-way variance is not positive has no statistic (NaN) and does not
count as exceeding (offshore's documented rule).

Draws: Rademacher with 2^G <= reps fully enumerated (itertools.product order, as offshore's enumeration), else
offshore's documented generator (xoshiro256** seeded by SplitMix64), reproduced by wild_bootstrap.py's Xoshiro.
Clusters are numbered in order of first appearance in the data (offshore's factor codes).

Data: the seeded panel wild_bootstrap_panel.csv (14 industries x 13 years) and Grunfeld (10 firms x 20 years).
"""
import numpy as np
import pandas as pd

from wild_bootstrap import design, enumeration, offshore_draws, pvalue_et, pvalue_sym

CASES = [
    # name, data, regressors, fixed effects, clusters (two), bootcluster (None: fewer clusters), weights, kind, reps
    ("panel_twoway_pooled", "panel", ["x1", "x2", "x3"], [], ("industry", "year"), None, None, "rademacher", 9999),
    ("panel_twoway_fe", "panel", ["x1", "x2", "x3"], ["industry", "year"], ("industry", "year"), None, None, "rademacher", 9999),
    ("panel_twoway_fe_boot_industry", "panel", ["x1", "x2", "x3"], ["industry", "year"], ("industry", "year"), "industry", "w", "webb", 999),
    ("grunfeld_twoway_fe_firm", "grunfeld", ["value", "capital"], ["firm"], ("firm", "year"), None, None, "rademacher", 9999),
]


def twoway_t(Xw, E, A, j, codes, centre, b):
    """Unscaled two-way t statistics (b_j - centre) / sqrt(a_j' (M1 + M2 - M12) a_j) for every column of E."""
    a = A[j]
    den = np.zeros(E.shape[1])
    for sign, cl in zip((1.0, 1.0, -1.0), codes):
        for g in range(cl.max() + 1):
            idx = cl == g
            s = a @ (Xw[idx].T @ E[idx])
            den += sign * s * s
    with np.errstate(invalid="ignore"):
        return (b[j] - centre) / np.sqrt(den)


def brute(X, y, w, codes, boot, j, r0, V, restricted):
    sw = np.sqrt(w)
    Xw = X * sw[:, None]
    yw = y * sw
    # Least squares by QR (backward stable; the normal equations lose digits on Grunfeld's scale).
    Q, R = np.linalg.qr(Xw)
    Rinv = np.linalg.inv(R)
    A = Rinv @ Rinv.T

    def solve(Y):
        return np.linalg.solve(R, Q.T @ Y)

    beta = solve(yw)
    uhat = yw - Xw @ beta
    t = twoway_t(Xw, uhat[:, None], A, j, codes, r0, beta[:, None])[0]
    if restricted:
        beta_r = beta - A[:, j] * (beta[j] - r0) / A[j, j]
    else:
        beta_r = beta
    u = yw - Xw @ beta_r
    Ystar = (Xw @ beta_r)[:, None] + u[:, None] * V[:, boot].T
    Bstar = solve(Ystar)
    Estar = Ystar - Xw @ Bstar
    tb = twoway_t(Xw, Estar, A, j, codes, r0 if restricted else beta[j], Bstar)
    return t, tb, beta


def ci_bound(X, y, w, codes, boot, j, V, restricted, se, direction, alpha=0.05):
    """offshore's bracketing (steps of 2, 4, 8, ... standard errors) and bisection, on the brute-force p-value."""
    est = brute(X, y, w, codes, boot, j, 0.0, V, restricted)[2][j]

    def p(r0):
        t, tb, _ = brute(X, y, w, codes, boot, j, r0, V, restricted)
        return pvalue_sym(t, tb)

    if not p(est) > alpha:
        return float("nan")
    inside, m = est, 2.0
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


def main():
    frames = {"panel": pd.read_csv("wild_bootstrap_panel.csv"),
              "grunfeld": pd.read_csv("/work/shared/data/validation/grunfeld.csv")}
    out = []

    def emit(case, term, kind, quantity, value):
        out.append((case, term, kind, quantity, repr(float(value))))

    seed = 20171203
    for case, data, xs, fes, clusters, bootname, wv, kind, reps in CASES:
        df = frames[data]
        X, names = design(df, xs, fes, intercept=True)
        y = df["invest" if "invest" in df else "y"].to_numpy(float)
        c1, _ = pd.factorize(df[clusters[0]])
        c2, _ = pd.factorize(df[clusters[1]])
        c12, _ = pd.factorize(pd.Series(list(zip(c1, c2))))
        codes = (c1, c2, c12)
        if bootname is None:
            bootname = clusters[0] if c1.max() <= c2.max() else clusters[1]
        boot = c1 if bootname == clusters[0] else c2
        G = boot.max() + 1
        w = df[wv].to_numpy(float) if wv else np.ones(len(df))
        V = enumeration(G) if kind == "rademacher" and 2 ** G <= reps else offshore_draws(seed, kind, reps, G)
        emit(case, "", kind, "draws", V.shape[0])
        emit(case, "", kind, "bootcluster_clusters", G)
        for term in xs:
            j = names.index(term)
            for restricted in (True, False):
                label = "WCR" if restricted else "WCU"
                t, tb, beta = brute(X, y, w, codes, boot, j, 0.0, V, restricted)
                emit(case, term, label, "brute_t_cr0", t)
                emit(case, term, label, "brute_p_symmetric", pvalue_sym(t, tb))
                emit(case, term, label, "brute_p_equal_tailed", pvalue_et(t, tb))
                emit(case, term, label, "nonpositive_variance_draws", np.sum(~np.isfinite(tb)))
                for b in range(10):
                    emit(case, term, label, f"brute_tboot_{b}", tb[b])
                if case == "panel_twoway_fe" and term == "x1" and restricted:
                    se = abs(beta[j] / t)  # the CR0 standard error: the bracketing's step (its scale cancels)
                    emit(case, term, label, "brute_ci_se_step", se)
                    emit(case, term, label, "brute_ci_low", ci_bound(X, y, w, codes, boot, j, V, True, se, -1))
                    emit(case, term, label, "brute_ci_high", ci_bound(X, y, w, codes, boot, j, V, True, se, 1))
    pd.DataFrame(out, columns=["case", "term", "type", "quantity", "value"]).to_csv(
        "wild_bootstrap_twoway_reference.csv", index=False)


if __name__ == "__main__":
    main()
