#!/usr/bin/env Rscript
# Reference values for the statistics beyond one hazard ratio (issue #18):
#  - Fleming-Harrington G(rho, gamma) weighted log-rank tests. survival::survdiff covers rho
#    only, so the reference is the formula computed by hand below (weight S(t-)^rho (1-S(t-))^gamma,
#    S the pooled left-continuous KM within stratum, hypergeometric variance as survdiff2.c);
#    the script stops unless the hand computation equals survdiff for gamma = 0.
#  - RMST difference and ratio (Uno et al. 2014; survRM2::rmst2's unadjusted formulas, survRM2 is
#    not in Debian so they are written out here), per group cross-checked against
#    summary(survfit, rmean = tau)$table.
#  - Power and events by Schoenfeld (1983) and Freedman (1982) closed forms.
#  - Median follow-up by the reverse Kaplan-Meier method: survfit(Surv(time, status == 0)).
# Re-run from this folder:  Rscript stats_extra.R   (writes stats_extra.json)
# Requires R >= 4.2 and survival 3.5-3. No other packages.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
source("json_min.R")

lung <- read.delim("lung.tsv")
veteran <- read.delim("veteran.tsv")

# ---- Fleming-Harrington by hand ----
fh_hand <- function(time, status, group, rho, gamma, strata = NULL, entry = NULL) {
  g <- factor(group); k <- nlevels(g); gi <- as.integer(g)
  if (is.null(strata)) strata <- rep(1, length(time))
  if (is.null(entry)) entry <- rep(-Inf, length(time))
  O <- numeric(k); E <- numeric(k); V <- matrix(0, k, k)
  for (s in unique(strata)) {
    idx <- which(strata == s)
    t <- time[idx]; d <- status[idx]; gg <- gi[idx]; en <- entry[idx]
    ut <- sort(unique(t[d == 1]))
    S <- 1
    alltimes <- sort(unique(t))
    for (u in alltimes) {
      atrisk <- t >= u & en < u
      n <- sum(atrisk)
      dd <- sum(t == u & d == 1)
      if (dd > 0) {
        w <- S^rho * (1 - S)^gamma
        nj <- tabulate(gg[atrisk], k)
        dj <- tabulate(gg[t == u & d == 1], k)
        O <- O + w * dj
        E <- E + w * dd * nj / n
        if (n > 1) {
          for (a in 1:k) for (b in 1:k) {
            V[a, b] <- V[a, b] + w^2 * dd * (n - dd) / (n - 1) *
              (if (a == b) nj[a] / n * (1 - nj[a] / n) else -nj[a] * nj[b] / n^2)
          }
        }
        S <- S * (n - dd) / n
      }
    }
  }
  use <- which(E > 0)[-1]
  chisq <- drop(t(O[use] - E[use]) %*% solve(V[use, use, drop = FALSE], O[use] - E[use]))
  df <- length(use)
  list(observed = I(O), expected = I(E), chisq = chisq, df = df, p = pchisq(chisq, df, lower.tail = FALSE))
}

fh_cases <- list()
fh_case <- function(id, time, status, group, rho, gamma, strata = NULL, entry = NULL) {
  h <- fh_hand(time, status, group, rho, gamma, strata, entry)
  if (gamma == 0 && is.null(entry)) {
    f <- if (is.null(strata)) survdiff(Surv(time, status) ~ factor(group), rho = rho)
         else survdiff(Surv(time, status) ~ factor(group) + strata(strata), rho = rho)
    stopifnot(abs(f$chisq - h$chisq) < 1e-9 * max(1, f$chisq))
    stopifnot(max(abs(rowSums(matrix(f$exp, nrow = nlevels(factor(group)))) - h$expected)) < 1e-9)
  }
  fh_cases[[length(fh_cases) + 1]] <<- c(list(id = id, rho = rho, gamma = gamma,
    time = I(time), status = I(as.integer(status)), group = I(as.integer(factor(group)) - 1L),
    strata = if (is.null(strata)) NULL else I(as.integer(factor(strata)) - 1L),
    entry = if (is.null(entry)) NULL else I(entry)), h)
}
ls <- lung$status == 2
for (rg in list(c(0, 0), c(1, 0), c(0, 1), c(1, 1), c(0.5, 2))) {
  fh_case(sprintf("lung_sex_fh_%g_%g", rg[1], rg[2]), lung$time, ls, lung$sex, rg[1], rg[2])
}
fh_case("veteran_celltype_fh_1_1", veteran$time, veteran$status == 1, veteran$celltype, 1, 1)
fh_case("veteran_celltype_fh_0_1", veteran$time, veteran$status == 1, veteran$celltype, 0, 1)
keep <- !is.na(lung$ph.ecog)
fh_case("lung_sex_strata_ecog_fh_1_0", lung$time[keep], ls[keep], lung$sex[keep], 1, 0, lung$ph.ecog[keep])
fh_case("lung_sex_strata_ecog_fh_0_1", lung$time[keep], ls[keep], lung$sex[keep], 0, 1, lung$ph.ecog[keep])

# Delayed entry (counting-process risk sets entry < t <= time), e.g. lung_lefttrunc.
lt <- read.delim("lung_lefttrunc.tsv")
fh_case("lunglt_sex_fh_0_0", lt$time, lt$status == 2, lt$sex, 0, 0, entry = lt$entry)
fh_case("lunglt_sex_fh_1_0", lt$time, lt$status == 2, lt$sex, 1, 0, entry = lt$entry)
fh_case("lunglt_sex_strata_ecog_fh_0_1", lt$time[keep], lt$status[keep] == 2, lt$sex[keep], 0, 1, lt$ph.ecog[keep], entry = lt$entry[keep])
# With every entry before the first time the delayed-entry formula is survdiff's.
stopifnot(abs(fh_hand(lung$time, ls, lung$sex, 1, 0, entry = rep(-1, nrow(lung)))$chisq -
              survdiff(Surv(time, status) ~ sex, lung, rho = 1)$chisq) < 1e-9)

# ---- RMST (survRM2 rmst1 / rmst2 unadjusted, written out) ----
rmst1 <- function(time, status, tau) {
  ft <- survfit(Surv(time, status) ~ 1)
  idx <- ft$time <= tau
  wk.time <- sort(c(ft$time[idx], tau))
  wk.surv <- ft$surv[idx]
  wk.n.risk <- ft$n.risk[idx]
  wk.n.event <- ft$n.event[idx]
  time.diff <- diff(c(0, wk.time))
  areas <- time.diff * c(1, wk.surv)
  rmst <- sum(areas)
  wk.var <- ifelse((wk.n.risk - wk.n.event) == 0, 0, wk.n.event / (wk.n.risk * (wk.n.risk - wk.n.event)))
  wk.var <- c(wk.var, 0)
  rmst.var <- sum(cumsum(rev(areas[-1]))^2 * rev(wk.var)[-1])
  c(rmst = rmst, se = sqrt(rmst.var))
}
rmst_cases <- list()
rmst_case <- function(id, time, status, arm, tau, level = 0.95) {
  stopifnot(tau <= min(max(time[arm == 0]), max(time[arm == 1])))
  r0 <- rmst1(time[arm == 0], status[arm == 0], tau)
  r1 <- rmst1(time[arm == 1], status[arm == 1], tau)
  # cross-check against survival's own rmean
  tab <- summary(survfit(Surv(time, status) ~ arm), rmean = tau)$table
  stopifnot(max(abs(tab[, "rmean"] - c(r0["rmst"], r1["rmst"]))) < 1e-9)
  stopifnot(max(abs(tab[, "se(rmean)"] - c(r0["se"], r1["se"]))) < 1e-9)
  z <- qnorm(1 - (1 - level) / 2)
  diff <- r1["rmst"] - r0["rmst"]; se <- sqrt(r1["se"]^2 + r0["se"]^2)
  lr <- log(r1["rmst"]) - log(r0["rmst"]); sel <- sqrt(r1["se"]^2 / r1["rmst"]^2 + r0["se"]^2 / r0["rmst"]^2)
  rmst_cases[[length(rmst_cases) + 1]] <<- list(id = id, tau = tau, level = level,
    time = I(time), status = I(as.integer(status)), arm = I(as.integer(arm)),
    rmst0 = unname(r0["rmst"]), se0 = unname(r0["se"]), rmst1 = unname(r1["rmst"]), se1 = unname(r1["se"]),
    diff = unname(diff), diff_se = unname(se), diff_lower = unname(diff - z * se), diff_upper = unname(diff + z * se),
    diff_p = unname(2 * pnorm(-abs(diff) / se)),
    ratio = unname(exp(lr)), ratio_lower = unname(exp(lr - z * sel)), ratio_upper = unname(exp(lr + z * sel)),
    ratio_p = unname(2 * pnorm(-abs(lr) / sel)))
}
rmst_case("lung_sex_tau365", lung$time, ls, lung$sex - 1, 365)
rmst_case("lung_sex_tau700", lung$time, ls, lung$sex - 1, 700)
rmst_case("lung_sex_tau365_90", lung$time, ls, lung$sex - 1, 365, level = 0.90)
rmst_case("veteran_trt_tau200", veteran$time, veteran$status == 1, veteran$trt - 1, 200)

# ---- power (closed forms) ----
schoenfeld_events <- function(hr, power, alpha, k) {
  p <- 1 / (1 + k); (qnorm(1 - alpha / 2) + qnorm(power))^2 / (p * (1 - p) * log(hr)^2)
}
schoenfeld_power <- function(hr, d, alpha, k) {
  p <- 1 / (1 + k); pnorm(abs(log(hr)) * sqrt(d * p * (1 - p)) - qnorm(1 - alpha / 2))
}
freedman_events <- function(hr, power, alpha, k) {
  (qnorm(1 - alpha / 2) + qnorm(power))^2 * (hr + k)^2 / (k * (hr - 1)^2)
}
freedman_power <- function(hr, d, alpha, k) {
  pnorm(abs(hr - 1) * sqrt(d * k) / (hr + k) - qnorm(1 - alpha / 2))
}
# Freedman with K = 1 is the textbook ((1 + hr) / (1 - hr))^2 form.
stopifnot(abs(freedman_events(0.5, 0.8, 0.05, 1) - (qnorm(0.975) + qnorm(0.8))^2 * ((1 + 0.5) / (1 - 0.5))^2) < 1e-9)
power_cases <- list()
for (hr in c(1.6, 0.7, 2.5)) for (k in c(1, 2, 10)) for (alpha in c(0.05, 0.01)) {
  d <- 40 * k
  power_cases[[length(power_cases) + 1]] <- list(hr = hr, ratio = k, alpha = alpha, events = d, target = 0.8,
    schoenfeld_events = schoenfeld_events(hr, 0.8, alpha, k), schoenfeld_power = schoenfeld_power(hr, d, alpha, k),
    freedman_events = freedman_events(hr, 0.8, alpha, k), freedman_power = freedman_power(hr, d, alpha, k))
}

# ---- median follow-up, reverse Kaplan-Meier ----
fu <- survfit(Surv(time, status == 1) ~ sex, data = lung)
fu_all <- survfit(Surv(time, status == 1) ~ 1, data = lung)
tab <- summary(fu)$table
followup <- list(time = I(lung$time), status = I(as.integer(ls)), group = I(as.integer(lung$sex - 1)),
  all = as.list(summary(fu_all)$table[c("median", "0.95LCL", "0.95UCL")]),
  by_group = lapply(1:2, function(i) as.list(tab[i, c("median", "0.95LCL", "0.95UCL")])))
names(followup$all) <- c("median", "lower", "upper")
for (i in 1:2) names(followup$by_group[[i]]) <- c("median", "lower", "upper")

out <- list(meta = list(R = R.version.string, survival = as.character(packageVersion("survival"))),
            fleming_harrington = fh_cases, rmst = rmst_cases, power = power_cases, followup = followup)
writeLines(to_json(out), "stats_extra.json")
cat("wrote stats_extra.json\n")
