# Reference values for the regularized incomplete beta function and the t and F p-values
# (Tests/EconometricsTests/DistributionTests.swift). Run from the repository root:
#   python3 Tests/EconometricsTests/References/distributions_scipy.py
import csv
from scipy import special, stats

rows = []
for x, a, b in [(0.5, 0.5, 0.5), (0.1, 2.0, 3.0), (0.9, 2.0, 3.0), (0.3, 10.0, 0.5), (0.999, 50.0, 0.5),
                (1e-6, 0.5, 4.5), (0.75, 100.0, 120.0), (0.2, 1.0, 1.0), (0.6, 7.5, 0.5), (0.05, 0.5, 200.0)]:
    rows.append(("betainc", x, a, b, special.betainc(a, b, x)))
for t, df in [(0.0, 5), (1.0, 1), (2.0, 9), (-2.5, 9), (7.26598, 9), (3.0, 188), (0.5, 1e6), (40.0, 30), (1.96, 1000)]:
    rows.append(("t_two_sided", t, df, "", 2 * stats.t.sf(abs(t), df)))
for f, d1, d2 in [(1.0, 1, 10), (309.014, 2, 188), (2.5, 3, 40), (0.2, 5, 7), (4.0, 10, 1000)]:
    rows.append(("f_upper", f, d1, d2, stats.f.sf(f, d1, d2)))

with open("Tests/EconometricsTests/References/distributions_scipy.csv", "w", newline="") as fh:
    w = csv.writer(fh)
    w.writerow(["function", "arg1", "arg2", "arg3", "value"])
    for r in rows:
        w.writerow([r[0], repr(float(r[1])), repr(float(r[2])), "" if r[3] == "" else repr(float(r[3])), repr(float(r[4]))])
print(len(rows), "values")
