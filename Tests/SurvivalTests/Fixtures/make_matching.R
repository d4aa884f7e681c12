# Regenerates the MatchIt / glm cases for SurvQL's `match` verb:
#   Rscript make_matching.R            Debian's MatchIt 4.5.1 -> matching.json (match_rule matchit-4.5.1)
#   Rscript make_matching.R LIB        MatchIt from the R library LIB (install_matchit_current.sh puts
#                                      4.7.2 there; scripts/setup.sh uses /opt/R-matchit-4.7.2)
#                                      -> matching_4.7.2.json (the default match_rule)
# Requires R >= 4.2. Uses lalonde.tsv (MatchIt::lalonde) and json_min.R.
lib <- commandArgs(trailingOnly = TRUE)
if (length(lib)) .libPaths(c(lib[1], .libPaths()))
suppressPackageStartupMessages(library(MatchIt))
out_file <- if (as.character(packageVersion("MatchIt")) == "4.5.1") "matching.json" else
  sprintf("matching_%s.json", packageVersion("MatchIt"))
args <- commandArgs(trailingOnly = FALSE)
here <- dirname(normalizePath(sub("^--file=", "", args[grep("^--file=", args)])))
setwd(here)
source("json_min.R")

lalonde <- read.delim("lalonde.tsv", stringsAsFactors = FALSE)
rownames(lalonde) <- lalonde$unit
stopifnot(all(lalonde$re74 == MatchIt::lalonde$re74))
f <- treat ~ age + educ + race + married + nodegree + re74 + re75

results <- list()
ws_json <- function(ws) if (length(ws)) I(ws) else list()
add <- function(id, call, values, notes = "") {
  results[[length(results) + 1]] <<- list(id = id, call = call, notes = notes, values = values)
}

# ------------------------------------------------------------------ glm
glm_values <- function(fit) {
  w <- character(0)
  list(coef_names = I(names(coef(fit))), coefficients = I(unname(coef(fit))),
       deviance = fit$deviance, iter = fit$iter, converged = fit$converged, rank = fit$rank,
       fitted = I(unname(fitted(fit))), linear_predictor = I(unname(fit$linear.predictors)))
}
with_warnings <- function(expr) {
  ws <- character(0)
  val <- withCallingHandlers(expr, warning = function(w) { ws <<- c(ws, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(value = val, warnings = ws)
}
g <- with_warnings(glm(f, data = lalonde, family = binomial))
add("glm_lalonde", "glm(treat ~ age + educ + race + married + nodegree + re74 + re75, data = lalonde, family = binomial)",
    c(glm_values(g$value), list(warnings = ws_json(g$warnings))))

ld <- lalonde; ld$educ2 <- 2 * ld$educ; ld$one <- 1
g <- with_warnings(glm(treat ~ age + educ + educ2 + one + married + re74, data = ld, family = binomial))
add("glm_aliased", "ld$educ2 <- 2*ld$educ; ld$one <- 1; glm(treat ~ age + educ + educ2 + one + married + re74, data = ld, family = binomial)",
    c(glm_values(g$value), list(warnings = ws_json(g$warnings))), "educ2 and one are aliased (NA)")

set.seed(1)
w <- round(runif(nrow(lalonde), 0.5, 3), 2)
g <- with_warnings(glm(treat ~ age + educ + re74, data = lalonde, family = binomial, weights = w))
add("glm_weighted", "set.seed(1); w <- round(runif(614, 0.5, 3), 2); glm(treat ~ age + educ + re74, data = lalonde, family = binomial, weights = w)",
    c(glm_values(g$value), list(weights = I(w), warnings = ws_json(g$warnings))))

sep <- data.frame(y = c(0, 0, 0, 0, 1, 1, 1, 1), x = c(1, 2, 3, 4, 5, 6, 7, 8))
g <- with_warnings(glm(y ~ x, data = sep, family = binomial))
add("glm_separation", "glm(y ~ x, family = binomial) with y = c(0,0,0,0,1,1,1,1), x = 1:8",
    c(glm_values(g$value), list(y = I(sep$y), x = I(sep$x), warnings = ws_json(g$warnings))))

qsep <- data.frame(y = c(0, 0, 0, 0, 1, 0, 1, 1, 1, 1), x = c(1, 2, 3, 4, 5, 5, 6, 7, 8, 9))
g <- with_warnings(glm(y ~ x, data = qsep, family = binomial))
add("glm_overlap_small", "glm(y ~ x, family = binomial) with y = c(0,0,0,0,1,0,1,1,1,1), x = c(1,2,3,4,5,5,6,7,8,9)",
    c(glm_values(g$value), list(y = I(qsep$y), x = I(qsep$x), warnings = ws_json(g$warnings))))

# ------------------------------------------------------------------ matchit
match_values <- function(m) {
  s <- summary(m)
  mm <- m$match.matrix
  idx <- setNames(seq_len(nrow(lalonde)), rownames(lalonde))
  list(
    ratio = m$info$ratio, replace = m$info$replace,
    caliper_raw = if (!is.null(m$caliper)) unname(m$caliper[1]) else NULL,
    nn = s$nn,
    ps = I(unname(m$distance)),
    match_rows = lapply(seq_len(nrow(mm)), function(i) I(unname(idx[mm[i, ]]))),
    treated_rows = I(unname(idx[rownames(mm)])),
    weights = I(unname(m$weights)),
    subclass = if (is.null(m$subclass)) NULL else I(as.integer(m$subclass)),
    balance_all = s$sum.all, balance_matched = s$sum.matched
  )
}
# Each case: the options as data (for the Swift test) and the exact R call that produced it.
run <- function(id, ratio = 1, caliper = NA, exact = character(0), replace = FALSE,
                m_order = "largest", link = "logit", std_caliper = TRUE) {
  call <- paste0("matchit(treat ~ age + educ + race + married + nodegree + re74 + re75, data = lalonde, method = 'nearest'",
                 ", ratio = ", ratio,
                 if (!is.na(caliper)) paste0(", caliper = ", caliper) else "",
                 if (!std_caliper) ", std.caliper = FALSE" else "",
                 if (length(exact)) paste0(", exact = ~", paste(exact, collapse = " + ")) else "",
                 if (replace) ", replace = TRUE" else "",
                 if (m_order != "largest") paste0(", m.order = '", m_order, "'") else "",
                 if (link != "logit") paste0(", link = '", link, "'") else "", ")")
  ws <- character(0)
  m <- withCallingHandlers(eval(parse(text = call)),
                           warning = function(w) { ws <<- c(ws, conditionMessage(w)); invokeRestart("muffleWarning") })
  params <- list(ratio = ratio, caliper = if (is.na(caliper)) NULL else caliper, std_caliper = std_caliper,
                 exact = if (length(exact)) I(exact) else list(), replace = replace, m_order = m_order, link = link)
  add(id, call, c(list(params = params), match_values(m), list(warnings = ws_json(ws))))
}
for (r in c(1, 3)) for (cal in c(NA, 0.2)) for (ex in c("", "married", "race")) {
  id <- sprintf("match_r%d%s%s", r, if (is.na(cal)) "" else "_cal02", if (ex == "") "" else paste0("_exact_", ex))
  run(id, ratio = r, caliper = cal, exact = if (ex == "") character(0) else ex)
}
run("match_r3_cal005", ratio = 3, caliper = 0.05)
run("match_r2_replace", ratio = 2, replace = TRUE)
run("match_r2_replace_cal01_exact_race", ratio = 2, replace = TRUE, caliper = 0.1, exact = "race")
run("match_r1_smallest", m_order = "smallest")
run("match_r2_data_linlogit_cal03", ratio = 2, m_order = "data", link = "linear.logit", caliper = 0.3)
run("match_r1_linlogit_cal15_raw_exact_nodegree_married", link = "linear.logit", caliper = 1.5, std_caliper = FALSE,
    exact = c("nodegree", "married"))
run("match_r3_linlogit_exact_race_replace", ratio = 3, link = "linear.logit", exact = "race", replace = TRUE, caliper = 0.5)

if (out_file != "matching.json") {
  # The current MatchIt: every ratio up to 10, with and without caliper, exact strata and replacement.
  for (r in c(2, 4:10)) {
    run(sprintf("match_r%d", r), ratio = r)
    run(sprintf("match_r%d_cal01_exact_race", r), ratio = r, caliper = 0.1, exact = "race")
    run(sprintf("match_r%d_replace_cal02", r), ratio = r, replace = TRUE, caliper = 0.2)
  }
  run("match_r3_replace_exact_married", ratio = 3, replace = TRUE, exact = "married")
}

meta <- list(generated_by = "make_matching.R", R = R.version.string,
             MatchIt = as.character(packageVersion("MatchIt")),
             note = "match_rows / treated_rows are 1-based row numbers of lalonde.tsv; NA -> null")
writeLines(to_json(list(meta = meta, results = results)), out_file)
cat("wrote", out_file, "with", length(results), "results\n")
