# Regenerates small_tests.json: reference values for the distributions and small tests in the
# Survival module (Normal, ChiSquared, StudentT, Beta, binomial intervals, Fisher, chi-square,
# Wilcoxon, Kruskal-Wallis, Benjamini-Hochberg), computed with R 4.2.2 (stats package).
#
#   cd Tests/SurvivalTests/Fixtures && Rscript make_small_tests.R
#
# Numbers are written with %.17g by json_min.R (NA -> null, Inf -> "Inf").
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
source(file.path(here, "json_min.R"))

out <- list(r_version = R.version.string)

# ---- probability grid shared by the quantile fixtures ------------------------------------
pgrid <- c(1e-300, 1e-250, 1e-200, 1e-150, 1e-100, 1e-50, 1e-30, 1e-20, 1e-15, 1e-10, 1e-8,
           1e-6, 1e-4, 1e-3, 0.01, 0.025, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 0.8,
           0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-10)

# Whether R's quantile inverts R's own CDF to 1e-12 (checked in the smaller tail). Where it does
# not (R's qt and qbeta lose accuracy in extreme tails), the Swift tests check the inverse property
# against the CDF instead of comparing with R's quantile.
consistent <- function(q, p, cdf, lower) {
  flip <- p > 0.5
  target <- ifelse(flip, 1 - p, p)
  got <- ifelse(flip, cdf(q, !lower), cdf(q, lower))
  ok <- is.finite(q) & abs(got / target - 1) < 1e-12
  ok[is.na(ok)] <- FALSE
  ok
}

# ---- normal ------------------------------------------------------------------------------
xn <- c(-38.4, -37.5, -37, -35, -30, -25, -20, -15, -10, -8.3, -7, -5, -3.2, -3, -1.96,
        -1.5, -1, -0.67, -0.5, -0.1, -1e-5, 0, 1e-8, 0.3, 0.5, 1, 1.645, 2.5, 3, 5, 6.1, 8,
        10, 15, 20, 25, 30, 37.5, 38.4)
out$pnorm <- list(x = xn, lower = pnorm(xn), upper = pnorm(xn, lower.tail = FALSE))
out$qnorm <- list(p = pgrid, lower = qnorm(pgrid), upper = qnorm(pgrid, lower.tail = FALSE))

# ---- chi-square --------------------------------------------------------------------------
dfs <- c(0.5, 1, 1.5, 2, 3, 4.7, 7, 10, 25.5, 100, 1000, 12345.6, 1e5, 1e6)
pc <- list(df = c(), x = c(), lower = c(), upper = c())
qc <- list(df = c(), p = c(), lower = c(), upper = c(), lower_ok = c(), upper_ok = c())
for (df in dfs) {
  xs <- c(qchisq(pgrid, df), qchisq(pgrid, df, lower.tail = FALSE), df * c(0.01, 0.5, 0.9, 1, 1.1, 2, 5))
  xs <- sort(unique(signif(xs[is.finite(xs) & xs > 1e-250], 15)))
  pc$df <- c(pc$df, rep(df, length(xs))); pc$x <- c(pc$x, xs)
  pc$lower <- c(pc$lower, pchisq(xs, df)); pc$upper <- c(pc$upper, pchisq(xs, df, lower.tail = FALSE))
  qc$df <- c(qc$df, rep(df, length(pgrid))); qc$p <- c(qc$p, pgrid)
  qc$lower <- c(qc$lower, qchisq(pgrid, df)); qc$upper <- c(qc$upper, qchisq(pgrid, df, lower.tail = FALSE))
  cdf <- function(q, lt) pchisq(q, df, lower.tail = lt)
  qc$lower_ok <- c(qc$lower_ok, consistent(qchisq(pgrid, df), pgrid, cdf, TRUE))
  qc$upper_ok <- c(qc$upper_ok, consistent(qchisq(pgrid, df, lower.tail = FALSE), pgrid, cdf, FALSE))
}
out$pchisq <- pc

# Very large df (Temme's expansion in the Swift code): x = df + z sqrt(2 df).
big <- expand.grid(z = c(-37, -20, -5, -1, 0.3, 2, 8, 20, 37), df = c(2e7, 1e9, 1e12))
big$x <- big$df + big$z * sqrt(2 * big$df)
big <- big[big$x > 0, ]
out$pchisq_large_df <- list(df = big$df, x = big$x, lower = pchisq(big$x, big$df),
                            upper = pchisq(big$x, big$df, lower.tail = FALSE))
out$qchisq <- qc

# ---- Student t ---------------------------------------------------------------------------
tdfs <- c(0.5, 1, 1.5, 2, 3, 4.5, 5, 10, 30, 100, 1000, 1e4, 1e5, 1e6)
pt_ <- list(df = c(), x = c(), lower = c(), upper = c())
qt_ <- list(df = c(), p = c(), lower = c(), upper = c(), lower_ok = c(), upper_ok = c())
for (df in tdfs) {
  xs <- c(qt(pgrid, df), -1e10, -1e5, -100, -10, -3, -2, -1, -0.5, -1e-3, 0, 1e-6, 0.1, 1, 2.5, 7, 50, 1e3, 1e8)
  xs <- sort(unique(signif(xs[is.finite(xs)], 15)))
  pt_$df <- c(pt_$df, rep(df, length(xs))); pt_$x <- c(pt_$x, xs)
  pt_$lower <- c(pt_$lower, pt(xs, df)); pt_$upper <- c(pt_$upper, pt(xs, df, lower.tail = FALSE))
  qt_$df <- c(qt_$df, rep(df, length(pgrid))); qt_$p <- c(qt_$p, pgrid)
  qt_$lower <- c(qt_$lower, qt(pgrid, df)); qt_$upper <- c(qt_$upper, qt(pgrid, df, lower.tail = FALSE))
  cdf <- function(q, lt) pt(q, df, lower.tail = lt)
  qt_$lower_ok <- c(qt_$lower_ok, consistent(qt(pgrid, df), pgrid, cdf, TRUE))
  qt_$upper_ok <- c(qt_$upper_ok, consistent(qt(pgrid, df, lower.tail = FALSE), pgrid, cdf, FALSE))
}
out$pt <- pt_
out$qt <- qt_

# ---- beta (the Clopper-Pearson building block) ------------------------------------------
ab <- rbind(c(0.5, 0.5), c(1, 1), c(2, 3), c(0.3, 7), c(1, 20), c(20, 1), c(5, 5), c(17, 7),
            c(50, 51), c(0.5, 5e5), c(3, 998), c(999, 2), c(400, 600))
pb <- list(a = c(), b = c(), x = c(), lower = c(), upper = c())
qb <- list(a = c(), b = c(), p = c(), lower = c(), upper = c(), lower_ok = c(), upper_ok = c())
bp <- c(1e-300, 1e-100, 1e-20, 1e-8, 1e-4, 0.005, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975, 0.995, 1 - 1e-8)
for (i in seq_len(nrow(ab))) {
  a <- ab[i, 1]; b <- ab[i, 2]
  xs <- c(qbeta(bp, a, b), 1e-6, 0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99)
  xs <- sort(unique(signif(xs[xs > 0 & xs < 1], 15)))
  pb$a <- c(pb$a, rep(a, length(xs))); pb$b <- c(pb$b, rep(b, length(xs))); pb$x <- c(pb$x, xs)
  pb$lower <- c(pb$lower, pbeta(xs, a, b)); pb$upper <- c(pb$upper, pbeta(xs, a, b, lower.tail = FALSE))
  qb$a <- c(qb$a, rep(a, length(bp))); qb$b <- c(qb$b, rep(b, length(bp))); qb$p <- c(qb$p, bp)
  qb$lower <- c(qb$lower, qbeta(bp, a, b)); qb$upper <- c(qb$upper, suppressWarnings(qbeta(bp, a, b, lower.tail = FALSE)))
  cdf <- function(q, lt) pbeta(q, a, b, lower.tail = lt)
  qb$lower_ok <- c(qb$lower_ok, consistent(qbeta(bp, a, b), bp, cdf, TRUE))
  qb$upper_ok <- c(qb$upper_ok, consistent(suppressWarnings(qbeta(bp, a, b, lower.tail = FALSE)), bp, cdf, FALSE))
}
out$pbeta <- pb
out$qbeta <- qb

# ---- binomial confidence intervals -------------------------------------------------------
bci <- list()
for (case in list(c(0, 10), c(10, 10), c(3, 10), c(1, 1), c(0, 1), c(50, 100), c(17, 23),
                  c(999, 1000), c(1, 1000), c(5, 7), c(0, 250), c(123, 456))) {
  for (level in c(0.95, 0.9, 0.99, 0.5)) {
    x <- case[1]; n <- case[2]
    w <- suppressWarnings(prop.test(x, n, correct = FALSE, conf.level = level)$conf.int)
    wc <- suppressWarnings(prop.test(x, n, correct = TRUE, conf.level = level)$conf.int)
    cp <- binom.test(x, n, conf.level = level)$conf.int
    bci[[length(bci) + 1]] <- list(x = x, n = n, level = level, wilson = as.numeric(w),
                                   wilson_cc = as.numeric(wc), clopper_pearson = as.numeric(cp))
  }
}
out$binom_ci <- bci

# ---- Fisher's exact test -----------------------------------------------------------------
f22 <- list(c(3, 1, 1, 3), c(10, 2, 3, 15), c(0, 5, 5, 0), c(1, 0, 0, 1), c(7, 12, 0, 9),
            c(2, 7, 8, 2), c(45, 12, 33, 20), c(100, 90, 110, 80), c(0, 10, 0, 10), c(0, 0, 5, 5),
            c(1000, 5, 3, 800), c(12, 5, 9, 7), c(20, 0, 0, 20), c(1, 2, 3, 4), c(0, 1, 1, 0),
            c(5, 5, 5, 5), c(1, 9, 11, 3), c(2, 30, 15, 40), c(0, 3, 7, 2), c(4, 0, 2, 6))
fl <- list()
for (t in f22) {
  for (level in c(0.95, 0.9)) {
    m <- matrix(t, 2, byrow = TRUE)
    r <- fisher.test(m, conf.level = level)
    fl[[length(fl) + 1]] <- list(table = t, level = level, p = r$p.value,
                                 odds_ratio = unname(r$estimate), ci = as.numeric(r$conf.int))
  }
}
out$fisher_2x2 <- fl

frc <- list(list(2, 3, c(3, 1, 0, 1, 3, 2)),
            list(3, 3, c(2, 3, 1, 4, 0, 2, 1, 5, 3)),
            list(2, 4, c(5, 0, 3, 1, 1, 4, 2, 6)),
            list(3, 2, c(8, 2, 1, 5, 0, 4)),
            list(3, 4, c(1, 2, 0, 3, 2, 0, 4, 1, 0, 3, 1, 2)),
            list(4, 3, c(3, 0, 1, 0, 2, 2, 1, 1, 0, 2, 0, 3)),
            list(2, 5, c(1, 2, 3, 4, 5, 5, 4, 3, 2, 1)),
            list(3, 3, c(10, 2, 1, 3, 9, 2, 1, 2, 8)),
            list(2, 3, c(0, 0, 0, 3, 4, 5)))
fr <- list()
for (t in frc) {
  m <- matrix(t[[3]], t[[1]], byrow = TRUE)
  p <- tryCatch(fisher.test(m)$p.value, error = function(e) NA)
  fr[[length(fr) + 1]] <- list(rows = t[[1]], cols = t[[2]], table = t[[3]], p = p)
}
out$fisher_rxc <- fr

# ---- Pearson chi-square test -------------------------------------------------------------
ctabs <- list(list(2, 2, c(12, 5, 7, 9)), list(2, 2, c(10, 10, 10, 11)), list(2, 2, c(3, 1, 1, 3)),
              list(2, 2, c(45, 12, 33, 20)), list(2, 2, c(0, 10, 5, 5)), list(2, 2, c(20, 20, 20, 20)),
              list(2, 3, c(10, 20, 30, 15, 25, 5)), list(3, 3, c(2, 3, 1, 4, 0, 2, 1, 5, 3)),
              list(4, 2, c(12, 3, 8, 9, 4, 14, 7, 7)), list(3, 4, c(5, 8, 2, 9, 10, 3, 7, 4, 1, 6, 8, 2)))
cl <- list()
for (t in ctabs) {
  m <- matrix(t[[3]], t[[1]], byrow = TRUE)
  r <- suppressWarnings(chisq.test(m))
  r0 <- suppressWarnings(chisq.test(m, correct = FALSE))
  cl[[length(cl) + 1]] <- list(rows = t[[1]], cols = t[[2]], table = t[[3]],
                               statistic = unname(r$statistic), df = unname(r$parameter), p = r$p.value,
                               statistic_uncorrected = unname(r0$statistic), p_uncorrected = r0$p.value,
                               expected = as.numeric(t(r$expected)))
}
out$chisq <- cl

# ---- Wilcoxon rank-sum ------------------------------------------------------------------
set.seed(20240607)
wsamples <- list(
  list(c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30), c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)),
  list(c(0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46), c(1.15, 0.88, 0.90, 0.74, 1.21)),
  list(c(1, 2, 3), c(4, 5, 6, 7)),
  list(c(3.5), c(1.2, 7.7)),
  list(c(1, 2, 2, 3, 3, 3), c(2, 3, 4, 4, 5)),
  list(c(5, 5, 5), c(5, 5)),
  list(round(rnorm(60), 6), round(rnorm(45, 0.4), 6)),
  list(round(rnorm(30), 6), round(rnorm(30, 0.8), 6)),
  list(round(rnorm(49), 6), round(rnorm(49, -0.3), 6)),
  list(c(10, 20, 30, 40, 50), c(1, 2, 3, 4, 5)),
  list(c(2.2, 1.1), c(3.3)),
  list(rpois(25, 3), rpois(20, 4)),
  list(c(0.1, 0.2, 0.3, 0.4), c(0.25, 0.35)))
wl <- list()
for (s in wsamples) {
  r <- suppressWarnings(wilcox.test(s[[1]], s[[2]]))
  wl[[length(wl) + 1]] <- list(x = I(s[[1]]), y = I(s[[2]]), W = unname(r$statistic), p = r$p.value)
}
out$wilcox <- wl

# ---- Kruskal-Wallis ----------------------------------------------------------------------
ksamples <- list(
  list(c(2.9, 3.0, 2.5, 2.6, 3.2, 3.8, 2.7, 4.0, 2.4, 2.8, 3.4, 3.7, 2.2, 2.0),
       c(1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3)),
  list(c(1, 2, 2, 3, 3, 3, 4, 4, 5), c(1, 1, 1, 2, 2, 2, 3, 3, 3)),
  list(c(5, 1, 4, 2), c(1, 2, 3, 4)),
  list(c(7, 7, 7, 7), c(1, 1, 2, 2)),
  list(rpois(40, 5), rep(1:4, each = 10)),
  list(round(rnorm(30), 5), rep(c(1, 2, 3), times = c(5, 15, 10))),
  list(c(1.5, 2.5, 2.5, 10, 11, 0.1), c(2, 2, 2, 1, 1, 3)))
kl <- list()
for (s in ksamples) {
  r <- suppressWarnings(kruskal.test(s[[1]], s[[2]]))
  kl[[length(kl) + 1]] <- list(x = I(s[[1]]), g = I(s[[2]]), statistic = unname(r$statistic),
                               df = unname(r$parameter), p = r$p.value)
}
out$kruskal <- kl

# ---- Benjamini-Hochberg ------------------------------------------------------------------
bh <- list(c(0.01, 0.02, 0.03, 0.04, 0.05), c(0.5, NA, 0.01, 0.001, NA, 0.04, 0.04),
           c(0.2), c(NA, 0.3), c(1e-10, 0.9, 0.5, 0.5, 0.5, 1e-3, 0.049, 0.051, 0.8, 0.02),
           c(0, 1, 0.5), runif(40)^3)
out$bh <- lapply(bh, function(p) list(p = I(p), adjusted = I(p.adjust(p, method = "BH"))))

writeLines(to_json(out), file.path(here, "small_tests.json"))
