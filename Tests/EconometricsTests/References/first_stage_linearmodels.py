# Independent reference for the robust first-stage F of 2SLS (issue 17): linearmodels' IV2SLS first-stage
# diagnostics, whose f.stat is the Wald statistic W of "the excluded instruments' coefficients are all zero" in
# each first-stage regression, computed with the model's covariance estimator (robust: HC1 with debiased=True;
# clustered: CR1, (N-1)/(N-K) G/(G-1), with debiased=True). offshore's robust F is W / q (q instruments).
# Run from the repository root:
#   python3 Tests/EconometricsTests/References/first_stage_linearmodels.py
# Writes first_stage_panel.csv (seeded) and first_stage_linearmodels.csv (case,endogenous,stat,value), read by
# FirstStageRobustFTests.
import csv
import numpy as np
import pandas as pd
from linearmodels.iv import IV2SLS

ref = "Tests/EconometricsTests/References/"
rng = np.random.default_rng(17)
rows = []
for f in range(24):
    state = f % 6
    fz = rng.normal()
    for year in range(2001, 2011):
        z1, z2, z3 = rng.normal() + 0.5 * fz, rng.normal(), rng.normal() * (1 + 0.1 * state)
        x = rng.normal()
        v = rng.normal() * (1 + 0.3 * (state % 3))
        d1 = 0.4 * z1 + 0.2 * z2 + 0.3 * x + v + 0.1 * (year - 2001)
        d2 = 0.3 * z3 - 0.2 * z1 + rng.normal()
        y = 1 + 0.5 * d1 - 0.3 * d2 + 0.2 * x + 0.8 * v + rng.normal() * (1 + 0.2 * state)
        rows.append((f"f{f:02d}", f"s{state}", year, *(round(t, 6) for t in (x, z1, z2, z3, d1, d2, 0.5 + rng.random(), y))))
panel = pd.DataFrame(rows, columns=["firm", "state", "year", "x", "z1", "z2", "z3", "d1", "d2", "w", "y"])
panel.to_csv(ref + "first_stage_panel.csv", index=False)
panel["const"] = 1.0
years = pd.get_dummies(panel["year"], prefix="yr", drop_first=True, dtype=float)
withyears = pd.concat([panel, years], axis=1)

out = []
def put(case, model, fit_args):
    res = model.fit(debiased=True, **fit_args)
    diag = res.first_stage.diagnostics
    for endo in diag.index:
        out.append((case, endo, "wald", repr(float(diag.loc[endo, "f.stat"]))))
    for term, v in res.params.items():
        out.append((case, term, "estimate", repr(float(v))))
        out.append((case, term, "std_error", repr(float(res.std_errors[term]))))

one = dict(dependent=panel["y"], exog=panel[["const", "x"]], endog=panel[["d1"]], instruments=panel[["z1", "z2"]])
put("hc1", IV2SLS(**one), dict(cov_type="robust"))
put("cl_firm", IV2SLS(**one), dict(cov_type="clustered", clusters=panel["firm"].astype("category").cat.codes))
put("cl_state", IV2SLS(**one), dict(cov_type="clustered", clusters=panel["state"].astype("category").cat.codes))
two = dict(dependent=panel["y"], exog=panel[["const", "x"]], endog=panel[["d1", "d2"]], instruments=panel[["z1", "z2", "z3"]])
put("two_endog_cl_firm", IV2SLS(**two), dict(cov_type="clustered", clusters=panel["firm"].astype("category").cat.codes))
put("weighted_cl_firm", IV2SLS(**one, weights=panel["w"]), dict(cov_type="clustered", clusters=panel["firm"].astype("category").cat.codes))
yr = dict(dependent=withyears["y"], exog=withyears[["const", "x"] + list(years.columns)], endog=withyears[["d1"]],
          instruments=withyears[["z1", "z2"]])
put("year_dummies_cl_firm", IV2SLS(**yr), dict(cov_type="clustered", clusters=panel["firm"].astype("category").cat.codes))

with open(ref + "first_stage_linearmodels.csv", "w", newline="") as fh:
    wr = csv.writer(fh, lineterminator="\n")
    wr.writerow(["case", "term", "stat", "value"])
    wr.writerows(out)
print(len(out), "values")
