# Independent reference for the skill_system_hm2013 preset of `offshore estimate` (issue 20; Hertveldt and Michel
# 2013): iterated SUR of the low- and medium-skilled shares of HOURS (E_l, E_m) on the REAL panel (real_panel.csv,
# built independently by real_panel_reference.py), manufacturing (c3-c16) 1995-2007 on the rows complete in both
# equations (ict ends 2006), industry and year dummies written out, symmetry E_l:log(w_m/w_h) = E_m:log(w_l/w_h),
# residual covariance with divisor sqrt((T - k_i)(T - k_j)), k counting the dummies (systemfit "geomean", the
# preset's sur_covariance = "geomean"), iterated to a relative change of 1e-10 as the tool (11 steps here, 39 with
# divisor T; tighter tolerances do not converge: systemfit's steps stall at about 1e-9 of the small symmetric coefficient, so the end points of the two iterations agree to about 1e-8 of a SE).
# Usage: Rscript skill_system_hm2013.R   (writes skill_system_hm2013.csv)
suppressPackageStartupMessages(library(systemfit))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
d <- read.csv(file.path(here, "real_panel.csv"))
d <- d[d$industry %in% paste0("c", 3:16) & d$year >= 1995 & d$year <= 2007, ]
d$lwl <- log(d$w_l / d$w_h)
d$lwm <- log(d$w_m / d$w_h)
d$lky <- log(d$K / d$Y)
d$om_ict <- d$om * d$ict
vars <- c("E_l", "E_m", "lwl", "lwm", "lky", "om_OECD", "om_CEE", "om_ASIA", "os", "ict", "om_ict")
d <- d[complete.cases(d[, vars]) & apply(is.finite(as.matrix(d[, vars])), 1, all), ]
d$industry <- factor(d$industry)
d$year <- factor(d$year)
rhs <- "~ lwl + lwm + lky + om_OECD + om_CEE + om_ASIA + os + ict + om_ict + industry + year"
eqs <- list(low = as.formula(paste("E_l", rhs)), medium = as.formula(paste("E_m", rhs)))
fit <- systemfit(eqs, method = "SUR", data = d, restrict.matrix = "low_lwm - medium_lwl = 0",
                 methodResidCov = "geomean", maxiter = 1000, tol = 1e-10)
terms <- c(lwl = "log(w_l/w_h)", lwm = "log(w_m/w_h)", lky = "log(K/Y)", om_OECD = "om_OECD", om_CEE = "om_CEE",
           om_ASIA = "om_ASIA", os = "os", ict = "ict", om_ict = "I(om * ict)")
b <- coef(fit)
se <- sqrt(diag(vcov(fit)))
labels <- c(low = "E_l", medium = "E_m")
out <- do.call(rbind, lapply(names(labels), function(eq) {
  keys <- paste0(eq, "_", names(terms))
  data.frame(coefficient = paste0(labels[[eq]], ":", terms), estimate = b[keys], std_error = se[keys], nobs = nrow(d))
}))
out$estimate <- sprintf("%.17g", out$estimate)
out$std_error <- sprintf("%.17g", out$std_error)
write.csv(out, file.path(here, "skill_system_hm2013.csv"), row.names = FALSE, quote = FALSE)
cat("iterations:", fit$iter, " rows:", nrow(d), "\n")
