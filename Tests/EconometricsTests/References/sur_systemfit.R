# Reference values for the SUR estimator (Tests/EconometricsTests/SURSystemfitTests.swift), from R's systemfit.
# Run from this folder:  Rscript sur_systemfit.R
# Writes sur_share_data.csv (a simulated translog cost-share panel, seed fixed) and sur_systemfit.csv
# (long format: case,kind,name,value with 17 significant digits). Residual covariance divisor T
# (methodResidCov = "noDfCor", the systemfit default) unless the case says geomean.
suppressMessages(library(systemfit))
grunfeld <- read.csv("../../../../shared/data/validation/grunfeld.csv")
firm <- function(name) { d <- grunfeld[grunfeld$firm == name, ]; d[order(d$year), ] }
wide <- data.frame(year = firm("General Electric")$year)
for (f in list(c("ge", "General Electric"), c("we", "Westinghouse"), c("gm", "General Motors"),
               c("ch", "Chrysler"), c("ibm", "IBM"), c("us", "US Steel"))) {
  d <- firm(f[2])
  stopifnot(all(d$year == wide$year))
  wide[[paste0(f[1], "_invest")]] <- d$invest
  wide[[paste0(f[1], "_value")]] <- d$value
  wide[[paste0(f[1], "_capital")]] <- d$capital
}

# Simulated translog cost shares of three inputs (one dropped for adding-up): s_l = a_l + sum_k c_lk lp_k + d_l ly + e_l.
set.seed(20261123)
n <- 60
share <- data.frame(obs = 1:n, lp1 = rnorm(n, 0, 0.4), lp2 = rnorm(n, 0.1, 0.3), lp3 = rnorm(n, -0.2, 0.5),
                    ly = rnorm(n, 2, 0.6))
C <- matrix(c(0.12, -0.05, -0.07, -0.05, 0.09, -0.04, -0.07, -0.04, 0.11), 3, 3)
a <- c(0.3, 0.45, 0.25); dl <- c(0.02, -0.03, 0.01)
E <- matrix(rnorm(n * 2, 0, 0.02), n, 2) %*% chol(matrix(c(1, -0.5, -0.5, 1), 2, 2))
P <- as.matrix(share[, c("lp1", "lp2", "lp3")])
share$s1 <- a[1] + P %*% C[1, ] + dl[1] * share$ly + E[, 1]
share$s2 <- a[2] + P %*% C[2, ] + dl[2] * share$ly + E[, 2]
share$s3 <- 1 - share$s1 - share$s2
share$s1 <- as.vector(share$s1); share$s2 <- as.vector(share$s2); share$s3 <- as.vector(share$s3)
for (v in names(share)[-1]) share[[v]] <- sprintf("%.17g", share[[v]])
write.csv(share, "sur_share_data.csv", row.names = FALSE, quote = FALSE)
share <- read.csv("sur_share_data.csv")   # estimate on exactly the numbers the Swift test reads

out <- list()
emit <- function(case, fit, restricted = FALSE) {
  s <- summary(fit)
  ct <- coef(s)
  # systemfit's p-values are 2 * (1 - pt(|t|, df)), which loses all digits below about 1e-15; recompute them
  # as 2 * pt(-|t|, df) with the same df (the equation's T - k, or the system's when there are restrictions).
  eqOf <- rep(seq_along(fit$eq), sapply(fit$eq, function(e) length(coef(e))))
  df <- if (restricted) rep(fit$df.residual, nrow(ct)) else sapply(eqOf, function(i) fit$eq[[i]]$df.residual)
  p <- 2 * pt(-abs(ct[, 3]), df)
  stopifnot(all(abs(p - ct[, 4]) < 1e-12))
  ct[, 4] <- p
  for (i in seq_len(nrow(ct))) {
    nm <- rownames(ct)[i]
    out[[length(out) + 1]] <<- data.frame(case = case, kind = c("estimate", "std_error", "t_value", "p_value"),
                                          name = nm, value = ct[i, 1:4])
  }
  for (e in s$eq) {
    out[[length(out) + 1]] <<- data.frame(case = case, kind = c("r2", "ssr", "nobs"), name = e$eqnLabel,
                                          value = c(e$r.squared, e$ssr, length(residuals(fit$eq[[e$eqnNo]]))))
  }
  rc <- fit$residCovEst   # the covariance the (last) GLS step used
  for (i in seq_len(nrow(rc))) for (j in seq_len(ncol(rc)))
    out[[length(out) + 1]] <<- data.frame(case = case, kind = "residcov", name = paste0(rownames(rc)[i], "|", colnames(rc)[j]),
                                          value = rc[i, j])
  out[[length(out) + 1]] <<- data.frame(case = case, kind = "df_sys", name = "system", value = fit$df.residual)
}
# systemfit's own default is geomean; offshore's default (divisor T) reproduces Theil's figures in METHOD.md.
# (methodResidCov must go through systemfit.control: an argument beside `control` is ignored.)
ctl <- function(iterate, cov = "noDfCor") systemfit.control(maxiter = if (iterate) 1000 else 1, tol = 1e-13, methodResidCov = cov)
sur <- function(eqs, data, ...) systemfit(eqs, "SUR", data = data, ...)

ge_we <- list(GE = ge_invest ~ ge_value + ge_capital, WE = we_invest ~ we_value + we_capital)
emit("ge_we", sur(ge_we, wide, control = ctl(FALSE)))
emit("ge_we_iterated", sur(ge_we, wide, control = ctl(TRUE)))
emit("ge_we_geomean", sur(ge_we, wide, control = ctl(FALSE, "geomean")))

# GE's value missing in 1940 (the CLI test blanks it): that year is dropped from both equations.
emit("ge_we_drop1940", sur(ge_we, wide[wide$year != 1940, ], control = ctl(FALSE)))

three <- list(GM = gm_invest ~ gm_value + gm_capital, CH = ch_invest ~ ch_value, IBM = ibm_invest ~ ibm_capital + ibm_value)
emit("three", sur(three, wide, control = ctl(FALSE)))
emit("three_iterated", sur(three, wide, control = ctl(TRUE)))

# Cross-equation equality: GE's value coefficient equals Westinghouse's.
emit("ge_we_restricted", sur(ge_we, wide, restrict.matrix = "GE_ge_value - WE_we_value = 0",
                                   control = ctl(FALSE)), TRUE)
emit("ge_we_restricted_iterated", sur(ge_we, wide, restrict.matrix = "GE_ge_value - WE_we_value = 0",
                                            control = ctl(TRUE)), TRUE)
# Unequal numbers of regressors with the geomean divisor and a restriction (df T - k_i differ by equation).
emit("ge_we_short_geomean_restricted", sur(list(GE = ge_invest ~ ge_value + ge_capital, WE = we_invest ~ we_value), wide,
     restrict.matrix = "GE_ge_value - WE_we_value = 0", control = ctl(FALSE, "geomean")), TRUE)
# Two restrictions with a non-zero right-hand side, on the three-firm system with US Steel.
four <- list(GE = ge_invest ~ ge_value + ge_capital, WE = we_invest ~ we_value + we_capital,
             US = us_invest ~ us_value + us_capital)
emit("three_firms_two_restrictions", sur(four, wide,
     restrict.matrix = c("GE_ge_capital - US_us_capital = 0", "GE_ge_value + WE_we_value + 2 * US_us_value = 0.5"),
     control = ctl(FALSE)), TRUE)

# Share system: homogeneity (sum_k c_lk = 0, both equations) and symmetry (c_12 = c_21), iterated.
shares <- list(S1 = s1 ~ lp1 + lp2 + lp3 + ly, S2 = s2 ~ lp1 + lp2 + lp3 + ly)
R <- c("S1_lp1 + S1_lp2 + S1_lp3 = 0", "S2_lp1 + S2_lp2 + S2_lp3 = 0", "S1_lp2 - S2_lp1 = 0")
emit("share_restricted", sur(shares, share, restrict.matrix = R, control = ctl(FALSE)), TRUE)
emit("share_restricted_iterated", sur(shares, share, restrict.matrix = R, control = ctl(TRUE)), TRUE)

res <- do.call(rbind, out)
res$value <- sprintf("%.17g", res$value)
write.csv(res, "sur_systemfit.csv", row.names = FALSE, quote = FALSE)
