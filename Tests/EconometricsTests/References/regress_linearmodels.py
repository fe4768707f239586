# A second, independent reference (Python linearmodels) for fixed-effects estimates on the unbalanced panel
# written by regress_cases.R. Run from the repository root:
#   python3 Tests/EconometricsTests/References/regress_linearmodels.py
# Writes regress_linearmodels.csv (case,term,stat,value), read by RegressReferenceTests.
import csv
import pandas as pd
from linearmodels.panel import PanelOLS, BetweenOLS, FirstDifferenceOLS
from linearmodels.iv import IV2SLS

ref = "Tests/EconometricsTests/References/"
u = pd.read_csv(ref + "regress_unbalanced.csv").set_index(["firm", "year"])
rows = []

def put(case, res, terms, stats=None):
    for t in terms:
        rows.append((case, t, "estimate", res.params[t]))
        rows.append((case, t, "std_error", res.std_errors[t]))
    for k, v in (stats or {}).items():
        rows.append((case, "", k, v))

x = u[["value", "capital"]]
fe1 = PanelOLS(u["invest"], x, entity_effects=True).fit(cov_type="unadjusted")
put("lm_fe", fe1, ["value", "capital"], {"r2_within": fe1.rsquared_within, "nobs": fe1.nobs})
fe2 = PanelOLS(u["invest"], x, entity_effects=True, time_effects=True).fit(cov_type="unadjusted")
put("lm_twoway", fe2, ["value", "capital"], {"nobs": fe2.nobs})
few = PanelOLS(u["invest"], x, entity_effects=True, weights=u["w"]).fit(cov_type="unadjusted")
put("lm_fe_weighted", few, ["value", "capital"])

with open(ref + "regress_linearmodels.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["case", "term", "stat", "value"])
    for r in rows:
        w.writerow([r[0], r[1], r[2], repr(float(r[3]))])
print(len(rows), "values")
