# Reference values for PanelGMMSystemTests: system GMM (Blundell and Bond 1998) by plm::pgmm(transformation =
# "ld"), and two statistics pgmm does not report, computed here by hand from pgmm's own matrices.
# Run from this folder: Rscript gmm_system.R  (reads gmm_emplUK_data.csv and gmm_system_panel.csv, written by
# gmm_emplUK.R and gmm_system_pydynpd.py; writes gmm_system_reference.csv)
#
# Cases: EmplUK (Arellano-Bond's model, effect = "twoways") one and two steps, collapsed and not; the seeded
# panel (y ~ lag(y, 1) + x | lag(y, 2:99), twoways) two steps, collapsed and not.
# Conventions (pgmm's, this package's GMMConvention.pgmm): first-step matrix FSM "full" = [G, D; D', I];
# exogenous regressors are IV-style instruments with separate columns for the differenced (differences) and
# the level (levels) equations; the intercept and time dummies instrument the level equations only; robust SEs
# by vcovHC (Windmeijer after two steps); "hansen" = sargan(fit, "twosteps"); AR by mtest with the robust vcov.
# By hand (not in pgmm):
#  - "sargan_classical": the one-step residuals' moments z = sum_i W_i' e1_i weighted by (sum_i W_i' H W_i)^-1
#    (pgmm's A1 / N) and divided by s2 = e1'e1 / (2 n) over the n non-empty differenced rows;
#  - "dih", "dih_excluding", "dih_df": the difference-in-Hansen (C) statistic of the level equations' GMM-style
#    instruments: S = solve(A2) (the full model's one-step moment covariance), two-step GMM with all instruments
#    weighted by S^-1 and with the others weighted by S[keep, keep]^-1; C = J_all - J_keep.
suppressPackageStartupMessages(library(plm))
rows <- list()
add <- function(case, term, stat, value) {
  rows[[length(rows) + 1]] <<- data.frame(case = case, term = term, stat = stat,
                                          value = trimws(formatC(value, digits = 17, format = "g")))
}
by.hand <- function(case, fit, n.iv, collapse) {
  W <- fit$W; yX <- fit$model; N <- length(W)
  Tgrid <- pdim(fit)$nT$T
  Kt <- length(fit$args$namest)                # level rows (and V2 columns)
  nd <- Kt - 1                                 # differenced rows per group
  b1 <- if (is.list(fit$coefficients)) fit$coefficients[[1]] else fit$coefficients
  e1 <- lapply(yX, function(m) as.vector(m[, 1] - m[, -1, drop = FALSE] %*% b1))
  z1 <- Reduce("+", mapply(function(w, e) crossprod(w, e), W, e1, SIMPLIFY = FALSE))
  nonempty <- sum(sapply(yX, function(m) sum(rowSums(m[seq_len(nd), , drop = FALSE] != 0) > 0)))
  s2 <- sum(sapply(e1, function(e) sum(e[seq_len(nd)]^2))) / (2 * nonempty)
  add(case, "", "sargan_classical", as.numeric(t(z1) %*% (fit$A1 / N) %*% z1) / s2)
  p <- ncol(W[[1]])
  n.level <- if (collapse) 1 else Tgrid - 2     # makeW2's columns
  n.diff <- p - n.level - Kt - 2 * n.iv
  level <- (n.diff + 1):(n.diff + n.level)
  keep <- setdiff(seq_len(p), level)
  S <- solve(fit$A2)
  WX <- Reduce("+", mapply(function(w, m) crossprod(w, m[, -1, drop = FALSE]), W, yX, SIMPLIFY = FALSE))
  Wy <- Reduce("+", mapply(function(w, m) crossprod(w, m[, 1]), W, yX, SIMPLIFY = FALSE))
  J <- function(cols) {
    A <- solve(S[cols, cols])
    b <- solve(t(WX[cols, ]) %*% A %*% WX[cols, ], t(WX[cols, ]) %*% A %*% Wy[cols])
    g <- Reduce("+", mapply(function(w, m) crossprod(w[, cols, drop = FALSE], m[, 1] - m[, -1, drop = FALSE] %*% b),
                            W, yX, SIMPLIFY = FALSE))
    as.numeric(t(g) %*% A %*% g)
  }
  all <- J(seq_len(p)); excl <- J(keep)
  add(case, "", "dih_full", all)
  add(case, "", "dih_excluding", excl)
  add(case, "", "dih", all - excl)
  add(case, "", "dih_df", length(level))
}
record <- function(case, fit, n.iv, collapse) {
  b <- if (is.list(fit$coefficients)) fit$coefficients[[2]] else fit$coefficients
  se <- sqrt(diag(vcovHC(fit)))
  for (k in seq_along(b)) {
    add(case, names(b)[k], "coef", b[k])
    add(case, names(b)[k], "se", se[k])
  }
  s <- summary(fit, robust = TRUE)
  add(case, "", "hansen", s$sargan$statistic)
  add(case, "", "hansen_df", s$sargan$parameter)
  add(case, "", "ar1", s$m1$statistic)
  add(case, "", "ar2", s$m2$statistic)
  add(case, "", "instruments", ncol(fit$W[[1]]))
  add(case, "", "groups", length(fit$W))
  by.hand(case, fit, n.iv, collapse)
}
emplUK <- read.csv("gmm_emplUK_data.csv")
for (model in c("onestep", "twosteps")) for (collapse in c(FALSE, TRUE)) {
  fit <- pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) +
                lag(log(output), 0:1) | lag(log(emp), 2:99), data = emplUK, index = c("firm", "year"),
              effect = "twoways", model = model, collapse = collapse, transformation = "ld")
  record(paste0("emplUK_", model, if (collapse) "_collapsed" else ""), fit, 5, collapse)
}
panel <- read.csv("gmm_system_panel.csv")
for (collapse in c(FALSE, TRUE)) {
  fit <- pgmm(y ~ lag(y, 1) + x | lag(y, 2:99), data = panel, index = c("firm", "year"),
              effect = "twoways", model = "twosteps", collapse = collapse, transformation = "ld")
  record(paste0("panel_twosteps", if (collapse) "_collapsed" else ""), fit, 1, collapse)
}
# Classical Sargan of difference GMM on EmplUK (the model of gmm_emplUK.R), one and two steps.
for (model in c("onestep", "twosteps")) {
  fit <- pgmm(log(emp) ~ lag(log(emp), 1:2) + lag(log(wage), 0:1) + log(capital) +
                lag(log(output), 0:1) | lag(log(emp), 2:99), data = emplUK, index = c("firm", "year"),
              effect = "twoways", model = model)
  W <- fit$W; yX <- fit$model; N <- length(W)
  b1 <- if (is.list(fit$coefficients)) fit$coefficients[[1]] else fit$coefficients
  e1 <- lapply(yX, function(m) as.vector(m[, 1] - m[, -1, drop = FALSE] %*% b1))
  z1 <- Reduce("+", mapply(function(w, e) crossprod(w, e), W, e1, SIMPLIFY = FALSE))
  nonempty <- sum(sapply(yX, function(m) sum(rowSums(m != 0) > 0)))
  s2 <- sum(sapply(e1, function(e) sum(e^2))) / (2 * nonempty)
  add(paste0("emplUK_difference_", model), "", "sargan_classical", as.numeric(t(z1) %*% (fit$A1 / N) %*% z1) / s2)
}
write.csv(do.call(rbind, rows), "gmm_system_reference.csv", row.names = FALSE)
