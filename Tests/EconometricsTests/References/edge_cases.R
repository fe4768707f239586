# Reference values for the numerical edge cases of the regression engine
# (Tests/EconometricsTests/NumericalEdgeCaseTests.swift). Run from the repository root:
#   Rscript Tests/EconometricsTests/References/edge_cases.R
# Writes edge_cases_data.csv (Grunfeld plus the constructed columns the tests read; every number with 17
# significant digits, so that Swift reads exactly the doubles R used) and edge_cases_reference.csv
# (case,term,stat,value, the layout of regress_reference.csv). Independent implementations: lm (LINPACK QR with
# column pivoting of collinear columns to the end, tol 1e-7) and sandwich::vcovCL.
suppressPackageStartupMessages({ library(sandwich) })
ref_dir <- "Tests/EconometricsTests/References"
g <- read.csv("../shared/data/validation/grunfeld.csv", stringsAsFactors = FALSE)
g <- g[order(g$firm, g$year), ]
n <- nrow(g)
firms <- unique(g$firm)  # first appearance = the order of the engine's factor levels

# Constructed columns.
# value_dup: an exact duplicate of value.
g$value_dup <- g$value
# big + small = 1: a dummy trap with the intercept.
g$big <- as.numeric(match(g$firm, firms) <= 5)
g$small <- 1 - g$big
# firmsize: constant within firm (collinear with the firm fixed effects); combo: value - 2 capital + firmsize,
# collinear with value, capital and the firm effects.
g$firmsize <- 1.5 * match(g$firm, firms) + 0.25
g$combo <- g$value - 2 * g$capital + g$firmsize
# A deterministic noise column z (mean about 0, sd about 1) and value + delta z, with delta chosen so that the
# engine's collinearity statistic for the new column (1 - R^2 of it on the intercept, value and capital,
# relative to its uncentred sum of squares) is about 1e-6, 1e-9 and 1e-12: kept, kept, dropped (threshold 1e-10).
z <- ((seq_len(n) * 7919) %% 101 - 50) / 29
X0 <- cbind(1, g$value, g$capital)
rz <- sum(lm.fit(X0, z)$residuals^2)
stat <- function(v) sum(lm.fit(X0, v)$residuals^2) / sum(v^2)
for (e in c(6, 9, 12)) {
  delta <- sqrt(10^-e * sum(g$value^2) / rz)
  g[[paste0("near", e)]] <- g$value + delta * z
}
# cl: firm, except that General Motors 1935 is a cluster of its own (a one-observation cluster).
g$cl <- g$firm
g$cl[1] <- "solo"
# w0: analytic weights with zeros (every 7th row) and w0 = 1 + year mod 3 otherwise.
g$w0 <- ifelse(seq_len(n) %% 7 == 0, 0, 1 + g$year %% 3)
# yconst: a response with no variation; yperf: an exact linear function of value and capital.
g$yconst <- 5
g$yperf <- 3 + 2 * g$value - g$capital
# allna: a variable missing in every row; onelevel: a text variable with a single level.
g$allna <- NA
g$onelevel <- "A"

fmt <- function(x) if (is.numeric(x)) ifelse(is.na(x), "", sprintf("%.17g", x)) else x
out_data <- as.data.frame(lapply(g, fmt), stringsAsFactors = FALSE)
write.csv(out_data, file.path(ref_dir, "edge_cases_data.csv"), row.names = FALSE, na = "",
          quote = which(sapply(g, is.character)))

out <- data.frame(case = character(), term = character(), stat = character(), value = numeric())
put <- function(case, term, stat, value) {
  out <<- rbind(out, data.frame(case = case, term = term, stat = stat, value = value))
}
# Estimates and standard errors of the terms lm estimated; the terms it set to NA as "dropped".
put_lm <- function(case, m, V = vcov(m), terms = names(coef(m)), rename = identity) {
  b <- coef(m)
  for (t in terms) {
    if (is.na(b[[t]])) { put(case, rename(t), "dropped", 1); next }
    put(case, rename(t), "estimate", b[[t]])
    put(case, rename(t), "std_error", sqrt(V[t, t]))
  }
  put(case, "", "nobs", nobs(m))
}

# 1. A duplicated column: lm drops the later copy.
put_lm("dup_column", lm(invest ~ value + capital + value_dup, data = g))
# 2. A dummy trap: big + small = 1 with the intercept; lm drops small.
put_lm("dummy_trap", lm(invest ~ value + capital + big + small, data = g))
#    The same with every level of firm as a dummy (fixest's i(firm) with the intercept): the last is dropped.
D <- sapply(firms, function(f) as.numeric(g$firm == f))
colnames(D) <- paste0("d", seq_along(firms))
gd <- cbind(g, D)
mf <- lm(as.formula(paste("invest ~ value + capital +", paste(colnames(D), collapse = " + "))), data = gd)
put_lm("dummy_trap_factor", mf, rename = function(t) {
  k <- match(t, colnames(D)); if (is.na(k)) t else paste0("firm::", firms[k])
})
# 3. Exact collinearity that holds only with the fixed effects: combo = value - 2 capital + (constant within
#    firm); and a regressor constant within firm. lm with the firm dummies first drops combo / firmsize.
put_lm("combo_fe", lm(invest ~ factor(firm) + value + capital + combo, data = g), terms = c("value", "capital", "combo"))
put_lm("constant_within_fe", lm(invest ~ factor(firm) + value + capital + firmsize, data = g),
       terms = c("value", "capital", "firmsize"))
# 4. Nearly collinear: near6 and near9 are kept by lm (and by the engine); the engine drops near12 (statistic
#    about 1e-12 < 1e-10, fixest's collin.tol) while lm's tol 1e-7 on the norm ratio keeps it. Reference for
#    the dropped case: lm without near12. The statistic itself is written for each column.
for (e in c(6, 9)) {
  v <- paste0("near", e)
  put_lm(paste0("near_kept_", e), lm(as.formula(paste("invest ~ value + capital +", v)), data = g))
  put(paste0("near_kept_", e), v, "collinearity_stat", stat(g[[v]]))
  put(paste0("near_kept_", e), "", "kappa", kappa(scale(cbind(1, g$value, g$capital, g[[v]]), center = FALSE), exact = TRUE))
}
put_lm("near_dropped_12", lm(invest ~ value + capital, data = g))
put("near_dropped_12", "near12", "dropped", 1)
put("near_dropped_12", "near12", "collinearity_stat", stat(g$near12))
# 5. A one-observation cluster: CR1 of sandwich::vcovCL (HC1 type with the cluster adjustment: G/(G-1) (N-1)/(N-K)),
#    pooled and with firm dummies (firm is not nested in cl, so K counts the dummies, as in fixest).
mp <- lm(invest ~ value + capital, data = g)
put_lm("cluster_singleton", mp, V = vcovCL(mp, cluster = ~cl, type = "HC1", cadjust = TRUE))
put("cluster_singleton", "", "clusters", length(unique(g$cl)))
mpf <- lm(invest ~ value + capital + factor(firm), data = g)
put_lm("cluster_singleton_fe", mpf, V = vcovCL(mpf, cluster = ~cl, type = "HC1", cadjust = TRUE), terms = c("value", "capital"))
# 6. Every firm a singleton (1935 only): lm with firm dummies cannot estimate value or capital (NA).
s <- g[g$year == 1935, ]
put_lm("all_singletons", lm(invest ~ factor(firm) + value + capital, data = s), terms = c("value", "capital"))
# 7. Weights with zeros: lm leaves zero-weight rows out of the residual degrees of freedom and of nobs.
put_lm("zero_weights", lm(invest ~ value + capital, data = g, weights = w0))
# 8. A perfect fit: estimates 3, 2, -1, R2 = 1 (lm's standard errors are rounding noise, not written).
mperf <- lm(yperf ~ value + capital, data = g)
for (t in names(coef(mperf))) put("perfect_fit", t, "estimate", coef(mperf)[[t]])
put("perfect_fit", "", "r2", summary(mperf)$r.squared)
# 9. A constant response: intercept 5, slopes 0 (to rounding); lm's R2 is 0/0 (NaN here, not written).
mc <- suppressWarnings(lm(yconst ~ value + capital, data = g))
put("constant_y", "(Intercept)", "estimate", coef(mc)[["(Intercept)"]])
# 10. N = K: lm fits the 3 points exactly with 0 residual degrees of freedom and NaN standard errors.
m3 <- lm(invest ~ value + capital, data = g[1:3, ])
put("n_equals_k", "", "df_residual", m3$df.residual)
put("n_equals_k", "", "se_is_nan", as.numeric(all(is.nan(summary(m3)$coefficients[, 2]) | is.na(summary(m3)$coefficients[, 2]))))

out$value <- sprintf("%.17g", out$value)
write.csv(out, file.path(ref_dir, "edge_cases_reference.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(out), "reference values\n")
