# Reference values for PanelGMMSystemTests: system GMM (Blundell and Bond 1998) by Python's pydynpd (PyPI,
# version printed into the output) on a seeded dynamic panel with known truth, written here too.
# Run from this folder: python3 gmm_system_pydynpd.py  (writes gmm_system_panel.csv, gmm_system_pydynpd.csv)
# pydynpd 0.2.2 needs numpy < 2 (it converts 1x1 arrays with float()); the committed output was made in a
# virtual environment: python3 -m venv v && v/bin/pip install pydynpd "numpy<2" pandas scipy.
#
# The panel: 150 firms x 9 years (2001-2009), y_it = 0.6 y_i,t-1 + 0.4 x_it + a_i + g_t + e_it with
# x_it = 0.5 x_i,t-1 + u_it strictly exogenous (and uncorrelated with a_i, so valid in levels too), a_i ~ N(0, 1), e, u ~ N(0, 1), g_t = 0.1 t,
# 50 burn-in periods; numpy's default_rng(20261203).
# The model: "y L1.y x | gmm(y, 2:.) iv(x) | timedumm [collapse]", two steps (pydynpd's default): pydynpd's
# conventions are xtabond2's (one IV-style column for both equations; the time dummies IV-style; a constant
# in the level equations; AR tests with the moments of all residuals), this package's GMMConvention.xtabond2.
# pydynpd runs a second step even for 'onestep' and computes its Hansen test from the two-step residuals, so
# only two-step fits are compared.
import csv
import contextlib
import io
from importlib.metadata import version

import numpy as np
import pandas as pd
from pydynpd import regression

rng = np.random.default_rng(20261203)
firms, years, burn = 150, 9, 50
rows = []
for i in range(firms):
    a = rng.normal()
    y = a / 0.4
    x = 0.0
    for t in range(-burn, years):
        x = 0.5 * x + rng.normal()
        g = 0.1 * t
        y = 0.6 * y + 0.4 * x + a + g + rng.normal()
        if t >= 0:
            rows.append((i + 1, 2001 + t, y, x))
data = pd.DataFrame(rows, columns=["firm", "year", "y", "x"])
data.to_csv("gmm_system_panel.csv", index=False, float_format="%.17g")

out = []
for collapse in (False, True):
    case = "twosteps" + ("_collapsed" if collapse else "")
    command = "y L1.y x | gmm(y, 2:.) iv(x) | timedumm" + (" collapse" if collapse else "")
    with contextlib.redirect_stdout(io.StringIO()):
        fit = regression.abond(command, pd.read_csv("gmm_system_panel.csv"), ["firm", "year"]).models[0]
    table = fit.regression_table
    for _, r in table.iterrows():
        out.append((case, r["variable"], "coef", r["coefficient"]))
        out.append((case, r["variable"], "se", r["std_err"]))
    out.append((case, "", "hansen", fit.hansen.test_value))
    out.append((case, "", "hansen_df", fit.hansen.df))
    for ar in fit.AR_list:
        out.append((case, "", f"ar{ar.lag}", ar.AR))
    out.append((case, "", "instruments", fit.z_information.num_instr))
    out.append((case, "", "groups", fit.N))
    out.append((case, "", "observations", fit.num_obs))
with open("gmm_system_pydynpd.csv", "w", newline="") as f:
    w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    w.writerow(["case", "term", "stat", "value"])
    for case, term, stat, value in out:
        w.writerow([case, term, stat, repr(float(value))])
print("pydynpd", version("pydynpd"), "numpy", np.__version__, "pandas", pd.__version__)
