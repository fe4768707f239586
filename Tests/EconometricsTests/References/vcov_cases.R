# Reference values for the variance estimators of issue 17 (HC0/HC2/HC3, CR2 with Bell-McCaffrey /
# Satterthwaite degrees of freedom, CR3, Driscoll-Kraay), written to vcov_reference.csv beside this script.
# Packages: Debian's r-cran-sandwich, r-cran-clubsandwich, r-cran-plm.
# Run from the repository root:
#   Rscript Tests/EconometricsTests/References/vcov_cases.R ../shared/data/validation/grunfeld.csv
# The small panel (vcov_panel.csv) is generated here with a fixed seed and committed.
suppressPackageStartupMessages({ library(sandwich); library(clubSandwich); library(plm) })
args <- commandArgs(trailingOnly = TRUE)
dir <- "Tests/EconometricsTests/References"
g <- read.csv(args[1])

set.seed(20261203)
firms <- 9; years <- 7
p <- expand.grid(year = 2001:(2000 + years), firm = sprintf("f%02d", 1:firms))
p <- p[, c("firm", "year")]
p$x1 <- round(rnorm(nrow(p), 2, 1), 4)
p$x2 <- round(runif(nrow(p), 0, 5) + 0.3 * p$x1, 4)
p$w <- round(runif(nrow(p), 0.5, 3), 4)
fe <- rnorm(firms)[as.integer(factor(p$firm))]
p$y <- round(1 + 0.5 * p$x1 - 0.25 * p$x2 + fe + rnorm(nrow(p)) * (0.5 + p$x1 / 4), 4)
p <- p[-c(3, 10, 11, 30, 47, 48, 49, 60), ]   # unbalanced: clusters of different sizes
write.csv(p, file.path(dir, "vcov_panel.csv"), row.names = FALSE, quote = FALSE)
p <- read.csv(file.path(dir, "vcov_panel.csv"))

out <- data.frame()
add <- function(case, estimator, est, v, df = NA) {
  k <- names(est)
  out <<- rbind(out, data.frame(case = case, estimator = estimator, term = k, estimate = unname(est),
                                std_error = sqrt(diag(as.matrix(v)))[k], df = df, row.names = NULL))
}
hc <- function(case, m) {
  for (t in c("HC0", "HC1", "HC2", "HC3")) add(case, tolower(t), coef(m), vcovHC(m, type = t))
}
cr <- function(case, m, cluster, cr2 = TRUE, cr3 = TRUE) {
  if (cr2) {
    v2 <- vcovCR(m, cluster = cluster, type = "CR2")
    ct <- coef_test(m, vcov = v2, test = "Satterthwaite")
    add(case, "cr2", coef(m), v2, ct$df_Satt)
  }
  if (cr3) add(case, "cr3", coef(m), vcovCR(m, cluster = cluster, type = "CR3"))
}

# Pooled OLS, unweighted (Grunfeld) and weighted (panel).
m <- lm(invest ~ value + capital, data = g)
hc("grunfeld_pooled", m); cr("grunfeld_pooled", m, g$firm)
# sandwich's clustered HC3 (with its default G/(G-1), which undoes the jackknife's (G-1)/G) is clubSandwich's CR3.
add("grunfeld_pooled", "cl_hc3", coef(m), vcovCL(m, cluster = ~firm, type = "HC3"))
mw <- lm(y ~ x1 + x2, data = p, weights = w)
# Weighted: clubSandwich's defaults for a weighted lm (CR2 working model: identity, inverse_var = FALSE).
hc("panel_pooled_weighted", mw); cr("panel_pooled_weighted", mw, p$firm)
mp <- lm(y ~ x1 + x2, data = p)
hc("panel_pooled", mp); cr("panel_pooled", mp, p$firm)

# Firm fixed effects, clusters = firms (nested): clubSandwich on plm's within model.
pg <- pdata.frame(g, index = c("firm", "year"))
fw <- plm(invest ~ value + capital, data = pg, model = "within", effect = "individual")
cr("grunfeld_within_firm", fw, "individual")
for (t in c("HC2", "HC3")) add("grunfeld_within_firm", paste0("plm_white1_", tolower(t)), coef(fw),
                                vcovHC(fw, method = "white1", type = t))
pp <- pdata.frame(p, index = c("firm", "year"))
pw <- plm(y ~ x1 + x2, data = pp, model = "within", effect = "individual")
cr("panel_within_firm", pw, "individual")
mwf <- lm(y ~ x1 + x2 + factor(firm), data = p, weights = w)
cr("panel_within_firm_weighted", mwf, p$firm, cr3 = FALSE)  # (I - H_gg) is singular with the dummies

# Driscoll-Kraay (plm's vcovSCC defaults: Bartlett weights, maxlag = floor(T^(1/4)), HC0), pooled and within,
# and with maxlag = 3.
gp <- plm(invest ~ value + capital, data = pg, model = "pooling")
add("grunfeld_pooled", "dk", coef(gp), vcovSCC(gp))
add("grunfeld_pooled", "dk:3", coef(gp), vcovSCC(gp, maxlag = 3))
add("grunfeld_within_firm", "dk", coef(fw), vcovSCC(fw))
pwp <- plm(y ~ x1 + x2, data = pp, model = "pooling")
add("panel_pooled", "dk", coef(pwp), vcovSCC(pwp))
add("panel_within_firm", "dk", coef(pw), vcovSCC(pw))

write.csv(out, file.path(dir, "vcov_reference.csv"), row.names = FALSE, quote = FALSE)
print(out, digits = 15)
