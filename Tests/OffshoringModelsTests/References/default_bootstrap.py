"""Reference for the default inference of `offshore estimate` (issue 17): the wild cluster bootstrap of the
skill-share model of the bundled default config (REAL Belgian accounts), restricted (WCR), Webb weights, 9,999
draws, seed 20171203, clustered by industry.

Data: default_bootstrap_design.csv, the model's estimation rows as offshore evaluates them, written by
  swift run offshore-size-study --export-design Tests/OffshoringModelsTests/References/default_bootstrap_design.csv
(columns: y = S_l, the regressors, industry, its code in offshore's cluster factor, year, the weight wbshare).

Computed with wildboottest 0.3.2 (PyPI; WCR11), fed the model with the industry and year effects as dummy columns
(so its bootstrap re-estimates the model with the effects) and, as the weights callable, offshore's own Webb draws
reproduced from the documented generator (Xoshiro in ../../EconometricsTests/References/wild_bootstrap.py, from
Sources/Econometrics/WildBootstrapSpec.swift's documentation): results are comparable to rounding. A brute-force
bootstrap (every draw re-estimated by least squares) checks wildboottest for every term.

Run from this folder: python3 default_bootstrap.py  (writes default_bootstrap_reference.csv)
"""
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "EconometricsTests", "References"))
from wild_bootstrap import brute_t, design, offshore_draws, pvalue_sym  # noqa: E402


def main():
    from wildboottest.wildboottest import WildboottestCL

    df = pd.read_csv("default_bootstrap_design.csv")
    xs = [c for c in df.columns if c not in ("y", "industry", "cluster", "year", "weight")]
    X, names = design(df, xs, ["industry", "year"], intercept=True)
    y = df["y"].to_numpy(float)
    cl = df["cluster"].to_numpy(int)
    G = cl.max() + 1
    w = df["weight"].to_numpy(float)
    seed, B = 20171203, 9999
    V = offshore_draws(seed, "webb", B, G)
    flat = V.T.reshape(-1)  # wildboottest reshapes to (G, B) row by row
    sw = np.sqrt(w)
    out = [("", "rows", repr(float(len(df)))), ("", "clusters", repr(float(G)))]
    for term in xs:
        j = names.index(term)
        R = np.zeros(X.shape[1])
        R[j] = 1
        boot = WildboottestCL(X=X * sw[:, None], Y=y * sw, cluster=cl, R=R, B=B, seed=1, parallel=False)
        boot.get_scores(bootstrap_type="11", impose_null=True, adj=True, cluster_adj=True)
        boot.get_weights(weights_type=lambda n, rng, flat=flat: flat.copy())
        boot.get_numer()
        boot.get_denom()
        boot.get_tboot()
        boot.get_vcov()
        boot.get_tstat()
        t = float(np.asarray(boot.t_stat).reshape(-1)[0])
        tb = np.asarray(boot.t_boot).reshape(-1)
        out.append((term, "wildboottest_t", repr(t)))
        out.append((term, "wildboottest_p_symmetric", repr(float(pvalue_sym(t, tb)))))
        tb0, tbb = brute_t(X, y, cl, w, j, 0.0, V, True)
        out.append((term, "brute_p_symmetric", repr(float(pvalue_sym(tb0, tbb)))))
    pd.DataFrame(out, columns=["term", "quantity", "value"]).to_csv("default_bootstrap_reference.csv", index=False)


if __name__ == "__main__":
    main()
