# Second independent reference for `offshore estimate` on the REAL Belgian accounts: R's plm (two-way within
# estimator; lm with dummies for the weighted skill share) on the panel real_panel_reference.py builds from the raw files (real_panel.csv). Writes
# real_estimate_plm.csv (model,term,estimate,std_error; plm's default iid covariance, whose degrees of freedom
# count the industry and year effects as lm with dummies does). Rows with a missing variable are dropped per model,
# as plm and the tool do. Usage: Rscript real_estimate_plm.R   (R with plm)
suppressPackageStartupMessages(library(plm))
here <- local({ a <- commandArgs(trailingOnly = FALSE); f <- sub("--file=", "", a[grep("--file=", a)]); if (length(f)) dirname(f) else "." })
p <- read.csv(file.path(here, "real_panel.csv"))
manuf <- paste0("c", 3:16)
fitw <- function(name, formula, industries, years, weights = FALSE, weight_by = "LAB") {
  d <- p[p$industry %in% industries & p$year %in% years, ]
  d$wb <- d[[weight_by]] / ave(d[[weight_by]], d$year, FUN = function(x) sum(x, na.rm = TRUE))
  vars <- all.vars(formula)
  d <- d[complete.cases(d[, vars]), ]
  pd <- pdata.frame(d, index = c("industry", "year"))
  if (weights) {
    # plm's weighted two-way within estimator demeans without the weights, which is not weighted least squares
    # with industry and year dummies: the weighted model is lm with the dummies written out.
    m <- lm(update(formula, . ~ . + factor(industry) + factor(year)), data = d, weights = wb)
    s <- summary(m)$coefficients
    s <- s[!grepl("factor|Intercept", rownames(s)), , drop = FALSE]
  } else {
    m <- plm(formula, data = pd, model = "within", effect = "twoways")
    s <- summary(m)$coefficients
  }
  data.frame(model = name, term = rownames(s), estimate = s[, 1], std_error = s[, 2], row.names = NULL)
}
out <- rbind(
  fitw("production", log(Y) ~ log(K) + log(L) + log(M) + om + os, manuf, 1995:2004),
  fitw("productivity", log(Y / L) ~ log(K / L) + log(M / L) + om + os, manuf, 1995:2004),
  fitw("labour_demand", log(L) ~ log(w) + log(Y) + om + os, paste0("c", 1:35), 1995:2003),
  fitw("skill_share", S_l ~ log(w_l / w_h) + log(w_m / w_h) + log(K / Y) + om_OECD + om_CEE + om_ASIA + os + ict + I(om * ict),
       manuf, 1995:2007, weights = TRUE),
  fitw("skill_share_hours", E_l ~ log(w_l / w_h) + log(w_m / w_h) + log(K / Y) + om_OECD + om_CEE + om_ASIA + os + ict + I(om * ict),
       manuf, 1995:2007, weights = TRUE, weight_by = "EMP")
)
write.csv(out, file.path(here, "real_estimate_plm.csv"), row.names = FALSE, quote = FALSE)
