# Independent reference for fixest's small-sample convention (ssc fixef.K = "nested") of CR1 standard errors:
# pyfixest (PyPI), whose default ssc(k_fixef="nonnested") implements fixest's rule
#   K = variables + sum of fixed-effect levels - (number of effects - 1)
#       - levels of every effect nested in a cluster variable + 1 per nested effect.
# Run from the repository root:
#   python3 Tests/EconometricsTests/References/ssc_pyfixest.py
# fixef_tol=1e-14: pyfixest's default demeaning tolerance (1e-8) leaves the SEs of the multi-way designs 1e-8 off.
# Writes ssc_panel.csv (a seeded unbalanced panel: firms nested in states, years, a sector that is nested in
# nothing) and ssc_pyfixest.csv (case,term,estimate,std_error), read by SmallSampleConventionTests.
import csv
import numpy as np
import pandas as pd
import pyfixest as pf

ref = "Tests/EconometricsTests/References/"
rng = np.random.default_rng(20261203)
rows = []
for f in range(36):
    state = f % 9
    for year in range(2001, 2013):
        if rng.random() < 0.15:
            continue  # unbalanced, but every firm keeps most years: the firm-year graph is connected
        sector = int(rng.integers(0, 5))
        x1 = rng.normal() + 0.3 * state
        x2 = rng.normal() + 0.1 * (year - 2001)
        w = 0.5 + rng.random()
        y = 1.0 + 0.5 * x1 - 0.25 * x2 + 0.2 * state + 0.05 * (year - 2001) + 0.3 * sector + rng.normal() * (1 + 0.2 * state)
        rows.append((f"f{f:02d}", f"s{state}", year, f"k{sector}", round(x1, 6), round(x2, 6), round(w, 6), round(y, 6)))
panel = pd.DataFrame(rows, columns=["firm", "state", "year", "sector", "x1", "x2", "w", "y"])
panel.to_csv(ref + "ssc_panel.csv", index=False)
panel["year"] = panel["year"].astype(str)

# case: (formula, cluster variables, weights)
cases = {
    "firm_year_cl_firm": ("y ~ x1 + x2 | firm + year", "firm", None),          # firm nested (is the cluster)
    "firm_year_cl_state": ("y ~ x1 + x2 | firm + year", "state", None),        # firm nested in state
    "firm_year_cl_year": ("y ~ x1 + x2 | firm + year", "year", None),          # year nested
    "firm_year_cl_state_year": ("y ~ x1 + x2 | firm + year", "state+year", None),  # both nested, two-way
    "three_fe_cl_state_year": ("y ~ x1 + x2 | firm + year + sector", "state+year", None),  # sector not nested
    "sector_year_cl_state": ("y ~ x1 + x2 | sector + year", "state", None),    # nothing nested
    "sector_cl_state_year": ("y ~ x1 + x2 | sector", "state+year", None),      # nothing nested, two-way
    "firm_cl_state_weighted": ("y ~ x1 + x2 | firm", "state", "w"),            # one effect, nested, weights
    "pooled_cl_state": ("y ~ x1 + x2", "state", None),                         # no fixed effect
}
out = []
for name, (formula, cl, w) in cases.items():
    fit = pf.feols(formula, data=panel, vcov={"CRV1": cl}, weights=w, ssc=pf.ssc(k_fixef="nonnested"), fixef_tol=1e-14)
    est, se = fit.coef(), fit.se()
    for term in est.index:
        out.append((name, term, repr(float(est[term])), repr(float(se[term]))))
with open(ref + "ssc_pyfixest.csv", "w", newline="") as fh:
    wr = csv.writer(fh, lineterminator="\n")
    wr.writerow(["case", "term", "estimate", "std_error"])
    wr.writerows(out)
print(len(out), "coefficients; pyfixest", pf.__version__)
