#!/usr/bin/env Rscript
# Extra Cox / cox.zph reference values for CoxExtraTests (R 4.2.2, survival 3.5-3).
# Writes cox_extra_data.tsv (a synthetic cohort with heavy ties, delayed entry, strata,
# clusters and weights) and cox_extra.json.  Re-run:  Rscript cox_extra.R  (from this folder)
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
source("json_min.R")
pchi <- function(x, df) pchisq(x, df, lower.tail = FALSE)

set.seed(20240611)
n <- 400
syn <- data.frame(row = 1:n)
syn$x1 <- round(rnorm(n), 3)
syn$x2 <- sample(0:3, n, replace = TRUE)
syn$x3 <- rbinom(n, 1, 0.4)
syn$strat <- sample(1:3, n, replace = TRUE)
syn$clus <- sample(1:80, n, replace = TRUE)
lin <- 0.5 * syn$x1 - 0.3 * syn$x2 + 0.7 * syn$x3
syn$time <- pmax(1, ceiling(rexp(n, 0.08 * exp(lin))))
syn$time <- pmin(syn$time, 30)
syn$status <- ifelse(syn$time >= 30, 0L, rbinom(n, 1, 0.8))
syn$entry <- ifelse(syn$row %% 4 == 0, floor(syn$time * 0.5), 0)
syn$entry[syn$entry >= syn$time] <- 0
syn$wi <- 1 + syn$row %% 3
syn$wf <- 0.25 + (syn$row %% 5) / 4
write.table(syn, "cox_extra_data.tsv", sep = "\t", quote = FALSE, row.names = FALSE, na = "NA")

warn_fit <- function(expr) {
  msgs <- character(0)
  fit <- withCallingHandlers(expr, warning = function(w) { msgs <<- c(msgs, conditionMessage(w)); invokeRestart("muffleWarning") })
  attr(fit, "warnings") <- msgs
  fit
}

cox_values <- function(fit) {
  s <- summary(fit)
  cf <- s$coefficients
  ci <- s$conf.int
  nb <- sum(!is.na(fit$coefficients))
  v <- list(
    ties = fit$method, n = fit$n, nevent = fit$nevent, iter = fit$iter,
    terms = I(rownames(cf)),
    coef = I(unname(cf[, "coef"])),
    hr = I(unname(cf[, "exp(coef)"])),
    se = I(unname(sqrt(diag(fit$var)))),
    naive_se = if (!is.null(fit$naive.var)) I(unname(sqrt(diag(fit$naive.var)))) else NULL,
    z = I(unname(cf[, "z"])),
    p_wald = I(unname(cf[, "Pr(>|z|)"])),
    hr_lower95 = I(unname(ci[, grep("^lower", colnames(ci))])),
    hr_upper95 = I(unname(ci[, grep("^upper", colnames(ci))])),
    var = unname(fit$var),
    loglik_null = fit$loglik[1], loglik = fit$loglik[2],
    lrt = list(stat = unname(s$logtest["test"]), df = unname(s$logtest["df"]), p = unname(s$logtest["pvalue"])),
    wald = list(stat = unname(fit$wald.test), df = nb, p = pchi(unname(fit$wald.test), nb)),
    score = list(stat = unname(fit$score), df = nb, p = pchi(unname(fit$score), nb)),
    robust_score = if (!is.null(fit$rscore)) list(stat = unname(fit$rscore), df = nb, p = pchi(unname(fit$rscore), nb)) else NULL,
    concordance = list(C = unname(fit$concordance["concordance"]), se = unname(fit$concordance["std"]),
                       concordant = unname(fit$concordance["concordant"]), discordant = unname(fit$concordance["discordant"]),
                       tied_x = unname(fit$concordance["tied.x"]), tied_y = unname(fit$concordance["tied.y"]),
                       tied_xy = unname(fit$concordance["tied.xy"])),
    rsq = unname(s$rsq["rsq"]),
    warnings = I(attr(fit, "warnings"))
  )
  v[!vapply(v, is.null, TRUE)]
}
zph_values <- function(z) {
  tb <- z$table
  list(transform = z$transform, terms = I(rownames(tb)), chisq = I(unname(tb[, "chisq"])),
       df = I(unname(tb[, "df"])), p = I(unname(tb[, "p"])))
}
results <- list()
add <- function(id, call, values) results[[length(results) + 1]] <<- list(id = id, call = call, values = values)

f <- function(e) warn_fit(e)
fE <- f(coxph(Surv(time, status) ~ x1 + x2 + x3, syn)); add("syn_efron", "~ x1 + x2 + x3", cox_values(fE))
fB <- f(coxph(Surv(time, status) ~ x1 + x2 + x3, syn, ties = "breslow")); add("syn_breslow", "breslow", cox_values(fB))
fS <- f(coxph(Surv(time, status) ~ x1 + x2 + x3 + strata(strat), syn)); add("syn_strata", "+ strata(strat)", cox_values(fS))
fC <- f(coxph(Surv(entry, time, status) ~ x1 + x2 + x3, syn)); add("syn_counting", "Surv(entry, time, status)", cox_values(fC))
fCSB <- f(coxph(Surv(entry, time, status) ~ x1 + x2 + x3 + strata(strat), syn, ties = "breslow"))
add("syn_counting_strata_breslow", "counting + strata, breslow", cox_values(fCSB))
fWF <- f(coxph(Surv(time, status) ~ x1 + x2 + x3, syn, weights = wf)); add("syn_weights_frac", "weights = wf (robust by default)", cox_values(fWF))
fWI <- f(coxph(Surv(time, status) ~ x1 + x2 + x3, syn, weights = wi)); add("syn_weights_int", "weights = wi", cox_values(fWI))
fCl <- f(coxph(Surv(time, status) ~ x1 + x2 + x3, syn, cluster = clus)); add("syn_cluster", "cluster = clus", cox_values(fCl))
fCCl <- f(coxph(Surv(entry, time, status) ~ x1 + x2 + x3, syn, cluster = clus)); add("syn_counting_cluster", "counting, cluster = clus", cox_values(fCCl))
fBSCl <- f(coxph(Surv(time, status) ~ x1 + x2 + x3 + strata(strat), syn, cluster = clus, ties = "breslow", weights = wi))
add("syn_breslow_strata_cluster_weights", "breslow, strata, cluster, weights = wi", cox_values(fBSCl))

add("syn_zph_efron", "cox.zph(syn_efron)", zph_values(cox.zph(fE)))
add("syn_zph_breslow", "cox.zph(syn_breslow)", zph_values(cox.zph(fB)))
add("syn_zph_strata", "cox.zph(syn_strata)", zph_values(cox.zph(fS)))
add("syn_zph_counting", "cox.zph(syn_counting)", zph_values(cox.zph(fC)))
add("syn_zph_counting_strata_breslow", "cox.zph(syn_counting_strata_breslow)", zph_values(cox.zph(fCSB)))
add("syn_zph_weights_frac", "cox.zph(syn_weights_frac)", zph_values(cox.zph(fWF)))
lung3 <- coxph(Surv(time, status) ~ sex + age + ph.ecog, lung)
for (tr in c("identity", "rank", "log")) add(paste0("lung_zph_", tr), tr, zph_values(cox.zph(lung3, transform = tr)))

# edge cases
add("edge_nonconverged", "lung ~ sex + age + ph.ecog, iter.max = 2",
    cox_values(f(coxph(Surv(time, status) ~ sex + age + ph.ecog, lung, control = coxph.control(iter.max = 2)))))
d3 <- data.frame(time = 1:10, status = 1, x = c(rep(1, 5), rep(0, 5)))
add("edge_separation", "time 1:10, x = 1 for the first five", cox_values(f(coxph(Surv(time, status) ~ x, d3))))
lz <- lung; lz$z <- 1
add("edge_zero_variance", "lung ~ sex + z, z = 1", cox_values(f(coxph(Surv(time, status) ~ sex + z, lz))))
lc <- lung; lc$age2 <- 2 * lc$age
add("edge_collinear", "lung ~ sex + age + age2, age2 = 2 age", cox_values(f(coxph(Surv(time, status) ~ sex + age + age2, lc))))
d4 <- data.frame(time = rep(5, 6), status = 1, x = c(1, 2, 3, 1, 2, 5))
fd4 <- f(coxph(Surv(time, status) ~ x, d4))
add("edge_one_time", "six deaths at t = 5", list(coef = fd4$coefficients[[1]], var = fd4$var[1, 1],
    loglik = I(fd4$loglik), iter = fd4$iter, score = fd4$score, warnings = I(attr(fd4, "warnings"))))
add("edge_single_patient_stratum", "lung ~ sex + age + strata(ph.ecog) (ph.ecog = 3 has one patient)",
    cox_values(f(coxph(Surv(time, status) ~ sex + age + strata(ph.ecog), lung))))
l0 <- lung; l0$time[1:5] <- 0
add("edge_time_zero", "lung ~ sex with time[1:5] = 0", cox_values(f(coxph(Surv(time, status) ~ sex, l0))))

writeLines(to_json(list(results = results)), "cox_extra.json")
