#!/usr/bin/env Rscript
# Randomised differential fixtures for SurvQL's KaplanMeier / LogRankTest / TimeFix: many small
# deterministic data sets (seeded) covering heavy ties, continuous and near-equal times (aeqSurv),
# 1-4 groups, strata, delayed entry, integer weights with zeros, all-censored groups, tiny groups
# and rho in {0, 0.5, 1}. For each: survfit curves, summary(fit)$table (median, CI, rmean),
# quantile.survfit at 0.25/0.5/0.75, summary(fit, times=) and survdiff.
# Re-run from this folder:  Rscript km_differential.R   (writes km_differential.json)
# Requires R >= 4.2 and survival 3.5-3. No other packages.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
source("json_min.R")
set.seed(20230206)

make_case <- function(i) {
  n <- sample(c(1, 2, 3, 5, 8, 13, 30, 60, 150, 300), 1)
  kind <- sample(c("int", "int_heavy", "cont", "near"), 1)
  time <- switch(kind,
    int = sample(1:40, n, replace = TRUE),
    int_heavy = sample(1:4, n, replace = TRUE) * 10,
    cont = round(rexp(n, 1 / 50), 3) + 0.001,
    near = { b <- sample(1:10, n, replace = TRUE); b + ifelse(runif(n) < 0.5, 0, 1e-10 * b) })
  cens <- sample(c(0, 0.3, 0.6, 1), 1)
  status <- as.integer(runif(n) >= cens)
  ngroup <- sample(1:4, 1)
  group <- sample(0:(ngroup - 1), n, replace = TRUE)
  entry <- NULL
  if (runif(1) < 0.25) entry <- ifelse(runif(n) < 0.4, floor(time * runif(n) * 0.8), 0)
  if (!is.null(entry)) entry <- pmin(entry, time - 0.5)
  weights <- NULL
  if (runif(1) < 0.25) weights <- sample(0:3, n, replace = TRUE)
  strata <- if (runif(1) < 0.3) sample(1:3, n, replace = TRUE) else NULL
  rho <- sample(c(0, 0, 0.5, 1), 1)
  list(id = sprintf("case%02d_%s_n%d_g%d", i, kind, n, ngroup), time = time, status = status,
       group = group, entry = entry, weights = weights, strata = strata, rho = rho)
}

km_out <- function(d) {
  g <- factor(d$group)
  y <- if (is.null(d$entry)) Surv(d$time, d$status) else Surv(d$entry, d$time, d$status)
  w <- if (is.null(d$weights)) rep(1, length(d$time)) else d$weights
  fit <- survfit(y ~ g, weights = w)
  tab <- summary(fit)$table
  if (is.null(dim(tab))) tab <- matrix(tab, nrow = 1, dimnames = list(NULL, names(tab)))
  q <- quantile(fit, probs = c(0.25, 0.5, 0.75))
  qm <- function(m) if (is.matrix(m)) m else matrix(m, nrow = 1)
  times <- sort(unique(c(0, quantile(d$time, c(0.1, 0.5, 0.9), type = 1), max(d$time) + 1)))
  out <- vector("list", nlevels(g))
  for (k in seq_len(nlevels(g))) {
    fk <- if (nlevels(g) == 1) fit else fit[k]
    st <- summary(fk, times = times)
    out[[k]] <- list(
      code = as.integer(levels(g)[k]),
      n = unname(tab[k, "records"]), events = unname(tab[k, "events"]),
      median = unname(tab[k, "median"]), median_lcl = unname(tab[k, "0.95LCL"]),
      median_ucl = unname(tab[k, "0.95UCL"]),
      rmean = unname(tab[k, "rmean"]), se_rmean = unname(tab[k, "se(rmean)"]),
      findq = I(unname(qm(q$quantile)[k, ])), findq_lower = I(unname(qm(q$lower)[k, ])),
      findq_upper = I(unname(qm(q$upper)[k, ])),
      curve = list(time = I(fk$time), n_risk = I(fk$n.risk), n_event = I(fk$n.event),
                   n_censor = I(fk$n.censor), surv = I(fk$surv), std_err = I(fk$std.err),
                   lower = I(fk$lower), upper = I(fk$upper)),
      at = list(time = I(st$time), n_risk = I(st$n.risk), n_event = I(st$n.event),
                surv = I(st$surv), se = I(st$std.err), lower = I(st$lower), upper = I(st$upper)))
  }
  list(rmean_horizon = unname(summary(fit)$rmean.endtime[1]), times = I(times), groups = out)
}

lr_out <- function(d) {
  if (!is.null(d$entry) || length(unique(d$group)) < 2) return(NULL)
  df <- data.frame(time = d$time, status = d$status, g = d$group)
  sd <- if (is.null(d$strata)) survdiff(Surv(time, status) ~ g, data = df, rho = d$rho)
        else { df$s <- d$strata; survdiff(Surv(time, status) ~ g + strata(s), data = df, rho = d$rho) }
  obs <- if (is.matrix(sd$obs)) rowSums(sd$obs) else sd$obs
  ex <- if (is.matrix(sd$exp)) rowSums(sd$exp) else sd$exp
  dfree <- sum(ex > 0) - 1
  list(codes = I(as.integer(sub("g=", "", names(sd$n)))), n = I(as.numeric(sd$n)),
       observed = I(obs), expected = I(ex), var = sd$var, chisq = sd$chisq, df = dfree,
       p = if (dfree >= 0) pchisq(sd$chisq, dfree, lower.tail = FALSE) else NULL)
}

cases <- list()
for (i in 1:60) {
  d <- make_case(i)
  res <- list(km = km_out(d))
  res$logrank <- tryCatch(lr_out(d), error = function(e) list(error = conditionMessage(e)))
  cases[[i]] <- c(list(id = d$id, rho = d$rho,
                       data = list(time = I(d$time), status = I(d$status), group = I(d$group),
                                   entry = if (is.null(d$entry)) NULL else I(d$entry),
                                   weights = if (is.null(d$weights)) NULL else I(d$weights),
                                   strata = if (is.null(d$strata)) NULL else I(d$strata))), res)
}
meta <- list(R = R.version.string, survival = as.character(packageVersion("survival")), seed = 20230206,
             number_format = "%.17g; NA -> null; Inf -> \"Inf\"")
writeLines(to_json(list(meta = meta, cases = cases)), "km_differential.json")
cat("wrote km_differential.json with", length(cases), "cases\n")
