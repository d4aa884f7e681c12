#!/usr/bin/env Rscript
# Reference values for KaplanMeierRobustVariance: R's default standard errors of S when case
# weights are not all integers. survfitKM() then sets robust = TRUE with one cluster per row and
# reports the infinitesimal-jackknife std.err of S (logse = FALSE); bands use se/S on the log scale.
# Re-run from this folder:  Rscript km_robust.R   (writes km_robust.json)
# Requires R >= 4.2 and survival 3.5-3. No other packages.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
source("json_min.R")

lung <- read.delim("lung.tsv")
lungLT <- read.delim("lung_lefttrunc.tsv")

robust_case <- function(id, time, status, weights, group = NULL, entry = NULL) {
  g <- if (is.null(group)) factor(rep("all", length(time))) else factor(group)
  y <- if (is.null(entry)) Surv(time, status) else Surv(entry, time, status)
  fit <- survfit(y ~ g, weights = weights)   # defaults: robust chosen by survfitKM
  stopifnot(isFALSE(fit$logse))              # the robust (IJ) branch was taken
  ng <- nlevels(g)
  curves <- vector("list", ng)
  for (k in seq_len(ng)) {
    fk <- if (ng == 1) fit else fit[k]
    curves[[k]] <- list(level = levels(g)[k], time = I(fk$time), n_risk = I(fk$n.risk),
                        n_event = I(fk$n.event), surv = I(fk$surv),
                        se_surv = I(fk$std.err), lower = I(fk$lower), upper = I(fk$upper))
  }
  list(id = id, call = "survfit(y ~ g, weights = w)",
       data = list(time = I(time), status = I(status), weights = I(weights),
                   group = if (is.null(group)) NULL else I(as.integer(g) - 1L),
                   entry = if (is.null(entry)) NULL else I(entry)),
       curves = curves)
}

cases <- list()
add <- function(x) cases[[length(cases) + 1]] <<- x

# Small right-censored example with ties, a zero weight and fractional weights.
add(robust_case("small_right",
                time = c(1, 2, 2, 3, 4, 5, 6, 6, 7, 9), status = c(1, 1, 0, 1, 0, 1, 0, 1, 1, 0),
                weights = c(1, 0, 2, 1.5, 0, 0.5, 1, 0.25, 2, 1)))
# Last observation is an event: S reaches 0 and the IJ se is 0 from there on.
add(robust_case("ends_in_event", time = c(1, 2, 3, 3, 4), status = c(1, 0, 1, 1, 1),
                weights = c(0.5, 1.5, 1, 0.75, 1.25)))
# lung by sex with deterministic fractional weights (some zero).
r <- lung$row
wl <- ifelse(r %% 11 == 0, 0, (r %% 7) / 3 + 0.25)
add(robust_case("lung_sex_weighted", lung$time, lung$status - 1, wl, group = lung$sex))
# Delayed entry: lung_lefttrunc by sex, same weights.
r <- lungLT$row
wlt <- ifelse(r %% 11 == 0, 0, (r %% 7) / 3 + 0.25)
add(robust_case("lungLT_sex_weighted", lungLT$time, lungLT$status - 1, wlt, group = lungLT$sex,
                entry = lungLT$entry))
# Delayed entry where late entrants join after earlier deaths.
add(robust_case("small_delayed",
                time = c(1, 3, 4, 5, 6, 7, 5, 8), status = c(1, 1, 0, 1, 1, 0, 1, 0),
                weights = c(1.5, 1, 0.5, 2, 1, 1, 0.25, 1), entry = c(0, 0, 2, 1, 3, 0, 4, 4.5)))

meta <- list(R = R.version.string, survival = as.character(packageVersion("survival")),
             number_format = "%.17g; NA -> null; Inf -> \"Inf\"",
             note = "se_surv is fit$std.err, the standard error of S itself (logse = FALSE)")
writeLines(to_json(list(meta = meta, cases = cases)), "km_robust.json")
cat("wrote km_robust.json with", length(cases), "cases\n")
