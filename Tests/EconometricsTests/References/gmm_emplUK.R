# Reference values for PanelGMMReferenceTests: Arellano and Bond (1991) Table 4 on plm's EmplUK data,
# difference GMM by plm::pgmm (the model of pgmm's help example), one and two steps, collapsed and not.
# Run from this folder: Rscript gmm_emplUK.R  (writes gmm_emplUK_data.csv and gmm_emplUK_reference.csv)
# Case "twosteps_gaps": the same two-step model on the data with internal gaps (1980 dropped for firms whose
# number is a multiple of 7, 1982 for multiples of 11); pgmm pads each firm to the full grid of years, so lags
# and differences across a gap are missing, as in this package's l() and d().
# Conventions (plm's): one-step weighting matrix H = tridiagonal (2, -1) on the period grid; robust SEs by
# vcovHC (one-step sandwich; two-step Windmeijer 2005); "sargan" is plm's sargan(., "twosteps"), i.e.
# Hansen's J with the weighting matrix from one-step residuals; AR tests by mtest with the robust vcov.
suppressPackageStartupMessages(library(plm))
data("EmplUK", package = "plm")
write.csv(EmplUK[, c("firm", "year", "emp", "wage", "capital", "output")], "gmm_emplUK_data.csv",
          row.names = FALSE)
rows <- list()
add <- function(case, term, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, term = term, stat = stat,
                                          value = trimws(formatC(value, digits = 17, format = "g")))
}
for (model in c("onestep", "twosteps")) for (collapse in c(FALSE, TRUE)) {
  case <- paste0(model, if (collapse) "_collapsed" else "")
  fit <- pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) +
                lag(log(output), 0:1) | lag(log(emp), 2:99),
              data = EmplUK, effect = "twoways", model = model, collapse = collapse)
  b <- coef(fit)
  se <- sqrt(diag(vcovHC(fit)))
  for (k in seq_along(b)) {
    add(case, names(b)[k], "coef", b[k])
    add(case, names(b)[k], "se", se[k])
  }
  s <- summary(fit, robust = TRUE)
  add(case, "", "sargan", s$sargan$statistic)
  add(case, "", "sargan_df", s$sargan$parameter)
  add(case, "", "ar1", s$m1$statistic)
  add(case, "", "ar2", s$m2$statistic)
  add(case, "", "instruments", ncol(fit$W[[1]]))
  add(case, "", "groups", length(fit$W))
}
gapped <- EmplUK[!((EmplUK$firm %% 7 == 0 & EmplUK$year == 1980) | (EmplUK$firm %% 11 == 0 & EmplUK$year == 1982)), ]
fit <- pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) + lag(log(output), 0:1) |
              lag(log(emp), 2:99), data = gapped, index = c("firm", "year"), effect = "twoways", model = "twosteps")
b <- coef(fit)
se <- sqrt(diag(vcovHC(fit)))
for (k in seq_along(b)) {
  add("twosteps_gaps", names(b)[k], "coef", b[k])
  add("twosteps_gaps", names(b)[k], "se", se[k])
}
s <- summary(fit, robust = TRUE)
add("twosteps_gaps", "", "sargan", s$sargan$statistic)
add("twosteps_gaps", "", "sargan_df", s$sargan$parameter)
add("twosteps_gaps", "", "ar1", s$m1$statistic)
add("twosteps_gaps", "", "ar2", s$m2$statistic)
add("twosteps_gaps", "", "instruments", ncol(fit$W[[1]]))
add("twosteps_gaps", "", "groups", length(fit$W))
write.csv(do.call(rbind, rows), "gmm_emplUK_reference.csv", row.names = FALSE)
