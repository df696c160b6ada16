# Computes one school year's student growth percentiles of a bundle in R,
# by the method of docs (METHODS.md): per subject and grade, order 1 and
# order 2 models of quantreg::rq(method = "br") on splines::bs() bases of
# the priors (most recent first, as the SGP package orders them), knots at
# the 0.2 to 0.8 quantiles of each prior's own cell rounded to 3 digits,
# boundaries at its range widened by 10 %, fitted quantiles rounded to 5
# digits and sorted, the reported SGP being that of the highest order.
#
#   Rscript scripts/sgp-compare.R BUNDLE_DIR YEAR OUT.csv
#
# Compare OUT.csv with `ted export student-growth --year YEAR --format csv`
# (see docs/benchmarks.md). Needs R with quantreg (Debian: r-base-core
# r-cran-quantreg); it is not part of TED or its tests.
suppressPackageStartupMessages({
  library(splines)
  library(quantreg)
})

args <- commandArgs(trailingOnly = TRUE)
bundle <- args[1]
year <- as.integer(args[2])
out <- args[3]

a <- read.csv(file.path(bundle, "assessments.csv"),
              colClasses = c(student_id = "character", subject = "character"))
taus <- seq(0.005, 0.995, by = 0.01)
min_cohort <- 50

cell <- function(subject, yr, grade) {
  d <- a[a$subject == subject & a$school_year == yr & a$grade_level == grade, ]
  setNames(d$scale_score, d$student_id)
}
knots_of <- function(v) round(quantile(v, c(0.2, 0.4, 0.6, 0.8), type = 7), 3)
bounds_of <- function(v) {
  r <- range(v)
  c(r[1] - 0.1 * diff(r), r[2] + 0.1 * diff(r))
}
basis <- function(x, prior) bs(x, knots = knots_of(prior), Boundary.knots = bounds_of(prior))

percentiles <- function(fit, y) {
  fitted <- round(fitted(fit), 5)
  fitted <- t(apply(fitted, 1, sort))
  pmin(pmax(rowSums(fitted < y), 1), 99)
}

rows <- list()
now <- a[a$school_year == year, ]
for (subject in sort(unique(now$subject))) {
  for (grade in sort(unique(now$grade_level[now$subject == subject]))) {
    cur <- cell(subject, year, grade)
    p1 <- cell(subject, year - 1, grade - 1)
    if (length(p1) == 0) next
    p2 <- cell(subject, year - 2, grade - 2)
    ids <- sort(names(cur), method = "radix")
    ids <- ids[ids %in% names(p1)]
    if (length(ids) < min_cohort) next

    y <- unname(cur[ids]); x1 <- unname(p1[ids])
    t0 <- Sys.time()
    f1 <- suppressWarnings(rq(y ~ basis(x1, p1), tau = taus, method = "br"))
    sgp <- percentiles(f1, y)
    order <- rep(1L, length(ids))

    two <- ids %in% names(p2)
    if (length(p2) > 0 && sum(two) >= min_cohort) {
      y2 <- y[two]; x1b <- x1[two]; x2 <- unname(p2[ids[two]])
      f2 <- suppressWarnings(rq(y2 ~ basis(x1b, p1) + basis(x2, p2), tau = taus,
                                method = "br"))
      sgp[two] <- percentiles(f2, y2)
      order[two] <- 2L
    }
    message(sprintf("%s grade %d: %d students, %.1f s", subject, grade, length(ids),
                    as.numeric(Sys.time() - t0, units = "secs")))
    rows[[length(rows) + 1]] <- data.frame(student_id = ids, subject = subject,
                                           grade_level = grade, sgp = sgp, order = order)
  }
}
write.csv(do.call(rbind, rows), out, row.names = FALSE, quote = FALSE)
