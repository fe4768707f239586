# Reference values for the offshore regression engine (Tests/EconometricsTests/RegressReferenceTests.swift).
# Run from the repository root:  Rscript Tests/EconometricsTests/References/regress_cases.R
# Writes regress_unbalanced.csv (the data the tests read) and regress_reference.csv (case,term,stat,value).
# Independent implementations: lm with explicit dummies, plm, sandwich, AER::ivreg. Small-sample conventions
# (fixest/reghdfe) are applied here by formula where R's defaults differ, and are written next to each case.
suppressPackageStartupMessages({ library(plm); library(sandwich); library(lmtest); library(AER) })
ref_dir <- "Tests/EconometricsTests/References"
g <- read.csv("../shared/data/validation/grunfeld.csv", stringsAsFactors = FALSE)
g <- g[order(g$firm, g$year), ]

# Unbalanced panel: drop every 9th row (starting with the 4th) deterministically; analytic weights 1 + year mod 5.
u <- g[seq_len(nrow(g)) %% 9 != 4, ]
u$w <- 1 + u$year %% 5
write.csv(u, file.path(ref_dir, "regress_unbalanced.csv"), row.names = FALSE, quote = TRUE)

out <- data.frame(case = character(), term = character(), stat = character(), value = numeric())
put <- function(case, term, stat, value) {
  out <<- rbind(out, data.frame(case = case, term = term, stat = stat, value = value))
}
put_coefs <- function(case, b, V, terms = names(b)) {
  for (t in terms) {
    put(case, t, "estimate", b[[t]])
    put(case, t, "std_error", sqrt(V[t, t]))
  }
}
# lag by matching (firm, year - k): a gap in years gives NA, never the previous row.
lagk <- function(d, v, k) {
  key <- paste(d$firm, d$year)
  d[[v]][match(paste(d$firm, d$year - k), key)]
}

# 1. Unbalanced one-way FE (iid) = lm with firm dummies; within R2 from plm.
m <- lm(invest ~ value + capital + factor(firm), data = u)
put_coefs("unbalanced_fe", coef(m), vcov(m), c("value", "capital"))
put("unbalanced_fe", "", "nobs", nobs(m))
put("unbalanced_fe", "", "r2", summary(m)$r.squared)
put("unbalanced_fe", "", "adj_r2", summary(m)$adj.r.squared)
p <- plm(invest ~ value + capital, data = u, index = c("firm", "year"), model = "within")
put("unbalanced_fe", "", "r2_within", summary(p)$r.squared[["rsq"]])
put("unbalanced_fe", "", "f", summary(p)$fstatistic$statistic[[1]])

# 1b. Same, CR1 clustered by firm, fixest convention: G/(G-1) (N-1)/(N-K), K = 2 (firm FE nested in firm).
V0 <- vcovCL(m, cluster = ~firm, type = "HC0", cadjust = FALSE)
G <- length(unique(u$firm)); N <- nobs(m)
put_coefs("unbalanced_fe_cr1", coef(m), V0 * G / (G - 1) * (N - 1) / (N - 2), c("value", "capital"))

# 2. Unbalanced two-way FE (firm + year), iid.
m2 <- lm(invest ~ value + capital + factor(firm) + factor(year), data = u)
put_coefs("unbalanced_twoway", coef(m2), vcov(m2), c("value", "capital"))
put("unbalanced_twoway", "", "r2", summary(m2)$r.squared)

# 3. Weighted one-way FE: iid, HC1 (N/(N-K), K with dummies: sandwich's HC1 on the dummy regression), CR1.
mw <- lm(invest ~ value + capital + factor(firm), data = u, weights = w)
put_coefs("weighted_fe", coef(mw), vcov(mw), c("value", "capital"))
put("weighted_fe", "", "r2", summary(mw)$r.squared)
put_coefs("weighted_fe_hc1", coef(mw), vcovHC(mw, type = "HC1"), c("value", "capital"))
V0 <- vcovCL(mw, cluster = ~firm, type = "HC0", cadjust = FALSE)
put_coefs("weighted_fe_cr1", coef(mw), V0 * G / (G - 1) * (N - 1) / (N - 2), c("value", "capital"))

# 4. Two-way clustering (firm and year), pooled OLS on the balanced panel: V1 + V2 - V12 (sandwich, no
#    adjustment), then fixest's CR1 with G = min(G_firm, G_year): Gmin/(Gmin-1) (N-1)/(N-K).
mp <- lm(invest ~ value + capital, data = g)
V0 <- vcovCL(mp, cluster = ~firm + year, type = "HC0", cadjust = FALSE, multi0 = FALSE)
Gm <- min(length(unique(g$firm)), length(unique(g$year))); N <- nobs(mp); K <- 3
put_coefs("twoway_cluster", coef(mp), V0 * Gm / (Gm - 1) * (N - 1) / (N - K))
#    With firm FE on the unbalanced panel: K = 2 + 0 (firm FE nested in the firm clusters).
V0 <- vcovCL(m, cluster = ~firm + year, type = "HC0", cadjust = FALSE, multi0 = FALSE)
N <- nobs(m); Gm <- min(length(unique(u$firm)), length(unique(u$year)))
put_coefs("twoway_cluster_fe", coef(m), V0 * Gm / (Gm - 1) * (N - 1) / (N - 2), c("value", "capital"))

#    Two-way FE (firm + year) clustered by firm, balanced: only the firm FE is nested in the clusters, so
#    K = 2 + (20 - 1) year parameters not nested = 21 (fixest's fixef.K = "nested", reghdfe alike).
m2b <- lm(invest ~ value + capital + factor(firm) + factor(year), data = g)
V0 <- vcovCL(m2b, cluster = ~firm, type = "HC0", cadjust = FALSE)
N <- nobs(m2b); G <- 10
put_coefs("twoway_fe_cluster_firm", coef(m2b), V0 * G / (G - 1) * (N - 1) / (N - 21), c("value", "capital"))

# 5. HC1 pooled OLS, with intercept.
put_coefs("hc1_pooled", coef(mp), vcovHC(mp, type = "HC1"))
put("hc1_pooled", "", "r2", summary(mp)$r.squared)
put("hc1_pooled", "", "f", summary(mp)$fstatistic[["value"]])

# 6. IV/2SLS: value instrumented by its own lag (l(value, 1)), unbalanced panel (gaps give NA lags).
u$value_l1 <- lagk(u, "value", 1)
ui <- u[!is.na(u$value_l1), ]
iv <- ivreg(invest ~ value + capital | value_l1 + capital, data = ui)
put_coefs("iv", coef(iv), vcov(iv))
put("iv", "", "nobs", nobs(iv))
put("iv", "value", "first_stage_f", summary(iv, diagnostics = TRUE)$diagnostics["Weak instruments", "statistic"])
put_coefs("iv_hc1", coef(iv), vcovHC(iv, type = "HC1"))
#    Clustered by firm (CR1, K = 3 coefficients, no fixed effects).
V0 <- vcovCL(iv, cluster = ~firm, type = "HC0", cadjust = FALSE)
N <- nobs(iv); G <- length(unique(ui$firm))
put_coefs("iv_cr1", coef(iv), V0 * G / (G - 1) * (N - 1) / (N - 3))
#    With firm fixed effects (dummies in both stages), iid.
ivf <- ivreg(invest ~ value + capital + factor(firm) | value_l1 + capital + factor(firm), data = ui)
put_coefs("iv_fe", coef(ivf), vcov(ivf), c("value", "capital"))
put("iv_fe", "value", "first_stage_f", summary(ivf, diagnostics = TRUE)$diagnostics["Weak instruments", "statistic"])

# 7. Rank-deficient design: I(2 * value + capital) is collinear and dropped (NA in lm), by name.
mr <- lm(invest ~ value + capital + I(2 * value + capital), data = g)
put_coefs("rank_deficient", coef(mr)[!is.na(coef(mr))], vcov(mr))
put("rank_deficient", "I(2 * value + capital)", "dropped", 1)

# 8. First differences: plm "fd" on the balanced panel (with intercept), and by hand with gaps on the
#    unbalanced one (only consecutive years are differenced).
fd <- plm(invest ~ value + capital, data = g, index = c("firm", "year"), model = "fd")
put_coefs("fd_balanced", coef(fd), vcov(fd))
put("fd_balanced", "", "nobs", nobs(fd))
ud <- data.frame(dinv = u$invest - lagk(u, "invest", 1), dval = u$value - lagk(u, "value", 1),
                 dcap = u$capital - lagk(u, "capital", 1))
mfd <- lm(dinv ~ dval + dcap, data = ud)
b <- coef(mfd); names(b) <- c("(Intercept)", "value", "capital")
V <- vcov(mfd); dimnames(V) <- list(names(b), names(b))
put_coefs("fd_gaps", b, V)
put("fd_gaps", "", "nobs", nobs(mfd))
#    Weighted by the later period's weight.
mfdw <- lm(dinv ~ dval + dcap, data = ud, weights = u$w)
b <- coef(mfdw); names(b) <- c("(Intercept)", "value", "capital")
V <- vcov(mfdw); dimnames(V) <- list(names(b), names(b))
put_coefs("fd_gaps_weighted", b, V)
put("fd_gaps_weighted", "", "r2", summary(mfdw)$r.squared)

# 9. Between on the unbalanced panel (entity means of the rows present).
be <- plm(invest ~ value + capital, data = u, index = c("firm", "year"), model = "between")
put_coefs("between", coef(be), vcov(be))
put("between", "", "nobs", length(unique(u$firm)))

# 10. Lag with gaps plus interactions and powers, one-way FE: invest ~ value + l(capital, 1) + value:capital + I(value^2) | firm
u$capital_l1 <- lagk(u, "capital", 1)
ml <- lm(invest ~ value + capital_l1 + value:capital + I(value^2) + factor(firm), data = u)
b <- coef(ml); V <- vcov(ml)
nm <- c(value = "value", capital_l1 = "l(capital, 1)", "value:capital" = "value:capital", "I(value^2)" = "I(value^2)")
for (t in names(nm)) { put("lag_gaps", nm[[t]], "estimate", b[[t]]); put("lag_gaps", nm[[t]], "std_error", sqrt(V[t, t])) }
put("lag_gaps", "", "nobs", nobs(ml))

out$value <- sprintf("%.17g", out$value)
write.csv(out, file.path(ref_dir, "regress_reference.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(out), "reference values\n")
