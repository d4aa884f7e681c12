#!/usr/bin/env Rscript
# Extra Kaplan–Meier / log-rank / aeqSurv reference values for SurvQL's KaplanMeier, LogRankTest
# and TimeFix tests (edge cases, weights, restricted means, quantiles, confidence types).
# Re-run from this folder:  Rscript km_extra.R   (writes km_extra.json)
# Requires R >= 4.2 and survival 3.5-3 (the versions SurvQL matches). No other packages.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
source("json_min.R")

lung <- read.delim("lung.tsv")
veteran <- read.delim("veteran.tsv")

km_case <- function(id, time, status, group = NULL, entry = NULL, weights = NULL,
                    conf.type = "log", conf.int = 0.95, probs = c(0.25, 0.5, 0.75),
                    horizons = numeric(0), times = numeric(0), robust = NULL, data_out = TRUE) {
  g <- if (is.null(group)) factor(rep("all", length(time))) else factor(group)
  y <- if (is.null(entry)) Surv(time, status) else Surv(entry, time, status)
  w <- if (is.null(weights)) rep(1, length(time)) else weights
  fit <- if (is.null(robust)) survfit(y ~ g, weights = w, conf.type = conf.type, conf.int = conf.int)
         else survfit(y ~ g, weights = w, conf.type = conf.type, conf.int = conf.int, robust = robust)
  ng <- nlevels(g)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- matrix(tab, nrow = 1, dimnames = list(NULL, names(tab)))
  q <- quantile(fit, probs = probs)
  qm <- function(m) if (is.matrix(m)) m else matrix(m, nrow = 1)
  groups <- vector("list", ng)
  for (k in seq_len(ng)) {
    fk <- if (ng == 1) fit else fit[k]
    gv <- list(
      level = levels(g)[k],
      n = unname(tab[k, "records"]), events = unname(tab[k, "events"]),
      median = unname(tab[k, "median"]),
      median_lcl = unname(tab[k, grep("LCL$", colnames(tab))]),
      median_ucl = unname(tab[k, grep("UCL$", colnames(tab))]),
      rmean_common = unname(tab[k, "rmean"]), se_rmean_common = unname(tab[k, "se(rmean)"]),
      probs = I(probs), findq = I(unname(qm(q$quantile)[k, ])),
      findq_lower = I(unname(qm(q$lower)[k, ])), findq_upper = I(unname(qm(q$upper)[k, ])),
      curve = list(time = I(fk$time), n_risk = I(fk$n.risk), n_event = I(fk$n.event),
                   n_censor = I(fk$n.censor), surv = I(fk$surv), se_logsurv = I(fk$std.err),
                   lower = I(fk$lower), upper = I(fk$upper)))
    gv$rmean <- lapply(horizons, function(h) {
      r <- tryCatch({
        tb <- summary(fk, rmean = h)$table
        list(horizon = h, rmean = unname(tb["rmean"]), se = unname(tb["se(rmean)"]))
      }, error = function(e) list(horizon = h, rmean = NULL, se = NULL, error = conditionMessage(e)))
      r
    })
    if (length(times)) {
      gv$summary <- tryCatch({
        s <- summary(fk, times = times, extend = FALSE)
        list(time = I(s$time), n_risk = I(s$n.risk), n_event = I(s$n.event), n_censor = I(s$n.censor),
             surv = I(s$surv), se_surv = I(s$std.err), lower = I(s$lower), upper = I(s$upper))
      }, error = function(e) list(error = conditionMessage(e)))
    }
    groups[[k]] <- gv
  }
  out <- list(id = id, kind = "km", conf_type = conf.type, conf_int = conf.int,
              robust = if (is.null(robust)) NULL else robust, groups = groups)
  if (data_out) out$data <- list(time = I(time), status = I(status),
                                 group = if (is.null(group)) NULL else I(group),
                                 entry = if (is.null(entry)) NULL else I(entry),
                                 weights = if (is.null(weights)) NULL else I(weights))
  out
}

lr_case <- function(id, time, status, group, strata = NULL, rho = 0) {
  err <- NULL
  sd <- tryCatch(if (is.null(strata)) survdiff(Surv(time, status) ~ group, rho = rho)
        else survdiff(Surv(time, status) ~ group + strata(strata), rho = rho),
        error = function(e) { err <<- conditionMessage(e); NULL })
  if (!is.null(err)) return(list(id = id, kind = "logrank", rho = rho, error = err,
       data = list(time = I(time), status = I(status), group = I(group),
                   strata = if (is.null(strata)) NULL else I(strata))))
  sd <- if (is.null(strata)) survdiff(Surv(time, status) ~ group, rho = rho)
        else survdiff(Surv(time, status) ~ group + strata(strata), rho = rho)
  etmp <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
  otmp <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
  df <- sum(etmp > 0) - 1
  list(id = id, kind = "logrank", rho = rho,
       data = list(time = I(time), status = I(status), group = I(group),
                   strata = if (is.null(strata)) NULL else I(strata)),
       n = I(as.numeric(sd$n)), observed = I(otmp), expected = I(etmp), var = unname(sd$var),
       chisq = sd$chisq, df = df, p = sd$pvalue)
}

fix_case <- function(id, time, entry = NULL) {
  y <- if (is.null(entry)) Surv(time, rep(1, length(time))) else Surv(entry, time, rep(1, length(time)))
  z <- aeqSurv(y)
  list(id = id, kind = "timefix", data = list(time = I(time), entry = if (is.null(entry)) NULL else I(entry)),
       fixed_time = I(as.numeric(z[, ncol(z) - 1])),
       fixed_entry = if (is.null(entry)) NULL else I(as.numeric(z[, 1])))
}

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

lt <- lung$time; ls <- lung$status - 1; lsex <- lung$sex
add(km_case("lung_sex_horizons", lt, ls, lsex, horizons = c(100, 365, 730, 1022), times = c(0, 100, 365, 800, 2000),
            data_out = FALSE))
add(km_case("lung_sex_plain90", lt, ls, lsex, conf.type = "plain", conf.int = 0.9, data_out = FALSE))
add(km_case("lung_sex_loglog80", lt, ls, lsex, conf.type = "log-log", conf.int = 0.8, data_out = FALSE))
vt <- veteran$time; vs <- veteran$status
vc <- as.integer(factor(veteran$celltype, levels = c("squamous", "smallcell", "adeno", "large"))) - 1
add(km_case("veteran_celltype_horizons", vt, vs, vc, horizons = c(30, 200, 999), times = c(10, 100, 500),
            probs = c(0.1, 0.25, 0.5, 0.75, 0.9), data_out = FALSE))

# Weights: integer (frequency) weights with zeros; fractional weights with robust = FALSE.
set.seed(1)
wt <- c(1, 0, 2, 1, 0, 1, 1, 3, 0, 2, 1, 1)
tt <- c(1, 2, 2, 3, 4, 5, 6, 6, 7, 8, 9, 10); st <- c(1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 0)
add(km_case("weights_integer_with_zeros", tt, st, weights = wt, horizons = c(8), times = c(3, 6.5)))
add(km_case("weights_fractional_nonrobust", tt, st, weights = wt + 0.25, robust = FALSE, horizons = c(8)))

# Edge cases.
add(km_case("no_events", c(3, 1, 2, 5), c(0, 0, 0, 0), horizons = 4, times = c(1, 4)))
add(km_case("all_events_one_time", c(4, 4, 4, 4, 4), c(1, 1, 1, 1, 1), horizons = 4, times = c(1, 4)))
add(km_case("one_patient_event", 7, 1, horizons = 7, times = c(7)))
add(km_case("one_patient_censored", 7, 0, horizons = 7, times = c(7)))
add(km_case("times_of_zero", c(0, 0, 1, 2, 3, 3), c(1, 0, 1, 0, 1, 1), horizons = c(2), times = c(0, 1, 3)))
add(km_case("huge_times", c(1e300, 2e300, 3e300, 4e300, 5e300), c(1, 1, 0, 1, 1), times = c(2.5e300)))
add(km_case("tiny_times", c(1e-300, 2e-300, 3e-300, 4e-300, 5e-300), c(1, 1, 0, 1, 1)))
add(km_case("near_equal_times", c(1, 1 + 1e-10, 2, 2 * (1 + 1e-9), 3, 3 + 5e-8), c(1, 1, 1, 0, 1, 1)))
add(km_case("group_with_events_at_one_time", c(5, 5, 5, 1, 2, 3), c(1, 1, 1, 1, 0, 1), c(0, 0, 0, 1, 1, 1)))
add(km_case("delayed_entry_small", c(5, 6, 7, 8, 9, 10), c(1, 0, 1, 1, 0, 1), entry = c(0, 0, 5, 2, 6.5, 1),
            horizons = c(9), times = c(5, 7.5)))

add(lr_case("lung_sex_rho_half", lt, ls, lsex, rho = 0.5))
add(lr_case("three_groups_small", c(1, 2, 3, 4, 5, 6, 7, 8, 9), c(1, 0, 1, 1, 1, 0, 1, 1, 0), c(0, 1, 2, 0, 1, 2, 0, 1, 2)))
add(lr_case("no_events_group2", c(1, 2, 3, 4), c(0, 0, 1, 1), c(1, 1, 0, 0)))
add(lr_case("all_events_one_time", c(4, 4, 4, 4, 4, 4), c(1, 1, 1, 1, 1, 1), c(0, 0, 0, 1, 1, 1)))
add(lr_case("strata_rho1", c(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), c(1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1),
            c(0, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0), strata = c(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2), rho = 1))

add(fix_case("fix_relative", c(1, 1 + 1e-10, 2, 2 * (1 + 1e-9), 3, 3 + 5e-8, 1000)))
add(fix_case("fix_absolute_tiny", c(1e-300, 2e-300, 1e-9, 3e-8, 1)))
add(fix_case("fix_chain", c(10, 10 + 1e-7, 10 + 2e-7, 10 + 3e-7, 20)))
add(fix_case("fix_entry", c(5, 5 + 1e-9, 8), entry = c(0, 1 + 1e-12, 1)))

meta <- list(generated_by = "km_extra.R", R = R.version.string,
             survival = as.character(packageVersion("survival")))
writeLines(to_json(list(meta = meta, cases = cases)), "km_extra.json")
