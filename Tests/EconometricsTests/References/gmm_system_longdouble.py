# How exact are the system-GMM references? EmplUK's system GMM (the model of gmm_system.R, pgmm's convention,
# not collapsed) evaluated in 80-bit long double from pgmm's own stacked matrices, against pgmm's two-step
# coefficients (gmm_system_reference.csv) and, if given, this package's (one per line, in pgmm's order).
# Run from this folder: python3 gmm_system_longdouble.py [ours.txt]   (needs Rscript with plm, numpy)
# Result (2026-12-03): pgmm's two-step coefficients are up to 4.6e-9 (relative) from the 80-bit ones, this
# package's up to 3.5e-9; the first-step matrix has condition number 1.1e6, so neither can be much closer.
import csv
import os
import subprocess
import sys
import tempfile

import numpy as np

tmp = tempfile.mkdtemp()
subprocess.run(["Rscript", "-e", f"""
suppressPackageStartupMessages(library(plm))
d <- read.csv("gmm_emplUK_data.csv")
f <- pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1) |
          lag(log(emp), 2:99), data = d, index = c("firm", "year"), effect = "twoways", model = "twosteps",
          transformation = "ld")
write.table(format(do.call(rbind, lapply(f$W, as.matrix)), digits = 17), "{tmp}/Z.csv", sep = ",",
            row.names = FALSE, col.names = FALSE, quote = FALSE)
write.table(format(do.call(rbind, lapply(f$model, as.matrix)), digits = 17), "{tmp}/YX.csv", sep = ",",
            row.names = FALSE, col.names = FALSE, quote = FALSE)
"""], check=True)
L = np.longdouble
read = lambda p: np.array([[L(float(v)) for v in line.split(",")] for line in open(p)], dtype=L)
Z, YX = read(f"{tmp}/Z.csv"), read(f"{tmp}/YX.csv")
T = 13                      # rows per firm: 6 differenced, 7 level equations
N = Z.shape[0] // T
te = 6
H = np.zeros((T, T), dtype=L)  # FSM "full": [G, D; D', I]
for i in range(te):
    H[i, i] = 2
    if i + 1 < te:
        H[i, i + 1] = H[i + 1, i] = -1
    H[i, te + i] = H[te + i, i] = -1
    H[i, te + i + 1] = H[te + i + 1, i] = 1
for i in range(te, T):
    H[i, i] = 1


def solve(A, B):
    """Gauss-Jordan with partial pivoting in long double."""
    A, B = A.copy(), B.copy()
    for c in range(A.shape[0]):
        p = c + np.argmax(np.abs(A[c:, c]))
        A[[c, p]], B[[c, p]] = A[[p, c]], B[[p, c]]
        for r in range(A.shape[0]):
            if r != c:
                f = A[r, c] / A[c, c]
                A[r] -= f * A[c]
                B[r] -= f * B[c]
    return B / np.diag(A)[:, None]


y, X = YX[:, 0], YX[:, 1:]
ZX, Zy = Z.T @ X, Z.T @ y


def gmm(W):
    AZX, AZy = solve(W, ZX), solve(W, Zy[:, None])[:, 0]
    return solve(ZX.T @ AZX, (ZX.T @ AZy)[:, None])[:, 0]


b1 = gmm(sum(Z[g * T:(g + 1) * T].T @ H @ Z[g * T:(g + 1) * T] for g in range(N)))
e1 = y - X @ b1
m = [Z[g * T:(g + 1) * T].T @ e1[g * T:(g + 1) * T] for g in range(N)]
b2 = gmm(sum(np.outer(v, v) for v in m))
pgmm = [float(r["value"]) for r in csv.DictReader(open("gmm_system_reference.csv"))
        if r["case"] == "emplUK_twosteps" and r["stat"] == "coef"]
rel = lambda a: max(abs(float(x) - float(t)) / abs(float(t)) for x, t in zip(a, b2))
print("pgmm two-step vs 80-bit:", f"{rel(pgmm):.2e}")
if len(sys.argv) > 1:
    ours = [float(v) for v in open(sys.argv[1]).read().split()]
    print("offshore two-step vs 80-bit:", f"{rel(ours):.2e}")
