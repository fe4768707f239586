# Independent reference for `sur_covariance = "geomean"` of `offshore estimate` (issue 20): the skill_system
# preset (iterated SUR of the low- and medium-skilled wage-bill shares, manufacturing 1995-2007, symmetry
# S_l:log(w_m/w_h) = S_m:log(w_l/w_h)) on the panel of skill_panel.csv, with the industry and year dummies
# WRITTEN OUT in both equations and systemfit's residual covariance "geomean": divisor sqrt((T-K_i)(T-K_j)),
# K_i counting the intercept and the dummies (9 slopes + 1 + 13 + 12 = 35 = 9 + 26 absorbed). The tool partials
# the effects out and counts the 26 absorbed parameters instead; estimates, standard errors and the t tests'
# degrees of freedom must agree. Since both equations have the same K, geomean is T/(T-K) times noDfCor's
# covariance: the standard errors are sqrt(182/147) = 1.1127 times those of skill_system_reference.csv.
# Usage: Rscript skill_system_geomean.R   (writes skill_system_geomean.csv)
suppressPackageStartupMessages(library(systemfit))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("--file=", "", args[grep("--file=", args)])))
d <- read.csv(file.path(here, "skill_panel.csv"))
d$lwl <- log(d$w_l / d$w_h)
d$lwm <- log(d$w_m / d$w_h)
d$lky <- log(d$K / d$Y)
d$industry <- factor(d$industry)
d$year <- factor(d$year)
rhs <- "~ lwl + lwm + lky + om_OECD + om_CEE + om_ASIA + os + ict + om_ict + industry + year"
eqs <- list(low = as.formula(paste("S_l", rhs)), medium = as.formula(paste("S_m", rhs)))
fit <- systemfit(eqs, method = "SUR", data = d, restrict.matrix = "low_lwm - medium_lwl = 0",
                 methodResidCov = "geomean", maxiter = 1000, tol = 1e-10)
terms <- c(lwl = "log(w_l/w_h)", lwm = "log(w_m/w_h)", lky = "log(K/Y)", om_OECD = "om_OECD", om_CEE = "om_CEE",
           om_ASIA = "om_ASIA", os = "os", ict = "ict", om_ict = "I(om * ict)")
b <- coef(fit)
se <- sqrt(diag(vcov(fit)))
labels <- c(low = "S_l", medium = "S_m")
df <- fit$df.residual
out <- do.call(rbind, lapply(names(labels), function(eq) {
  keys <- paste0(eq, "_", names(terms))
  data.frame(coefficient = paste0(labels[[eq]], ":", terms), estimate = b[keys], std_error = se[keys], df = df)
}))
out$estimate <- sprintf("%.17g", out$estimate)
out$std_error <- sprintf("%.17g", out$std_error)
write.csv(out, file.path(here, "skill_system_geomean.csv"), row.names = FALSE, quote = FALSE)
cat("iterations:", fit$iter, " df:", df, "\n")
