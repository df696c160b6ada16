# Writes the reference values that the growth tests of the analytics
# package compare against: B-spline bases from splines::bs() and quantile
# regression fits from quantreg::rq(method = "br"), on made-up scores with
# the ties of real integer scale scores. Run from the repository's top:
#
#   Rscript scripts/growth-reference.R
#
# It needs R with the quantreg package (Debian: r-base-core r-cran-quantreg)
# and rewrites the files under analytics/testdata/.
suppressPackageStartupMessages({
  library(splines)
  library(quantreg)
})

out <- "analytics/testdata"
taus <- seq(0.005, 0.995, by = 0.01)
write <- function(x, name) {
  write.csv(x, file.path(out, name), row.names = FALSE, quote = FALSE)
}

# B-spline bases at chosen points, with R's own choice of columns.
knots <- c(412.5, 455, 471.25, 502)
boundary <- c(380, 560)
x <- c(380, 380.5, 400, 412.5, 430, 455, 460.25, 471.25, 490, 502, 530, 559.999)
basis <- bs(x, knots = knots, Boundary.knots = boundary, degree = 3)
write(data.frame(x = x, unclass(basis)[, 1:7]), "bs_reference.csv")

# Two cohorts of made-up scores: one prior (order 1) and two (order 2).
set.seed(20241203)
n <- 1500
ability <- rnorm(n)
prior2 <- round(500 + 40 * ability + rnorm(n, sd = 20))
prior1 <- round(510 + 40 * ability + rnorm(n, sd = 20))
current <- round(520 + 40 * ability + rnorm(n, sd = 22))
write(data.frame(prior2, prior1, current), "cohort.csv")

knots_of <- function(v) round(quantile(v, c(0.2, 0.4, 0.6, 0.8), type = 7), 3)
bounds_of <- function(v) {
  r <- range(v)
  c(r[1] - 0.1 * diff(r), r[2] + 0.1 * diff(r))
}
k1 <- knots_of(prior1); b1 <- bounds_of(prior1)
k2 <- knots_of(prior2); b2 <- bounds_of(prior2)
# Rows: prior1, then prior2; columns: four interior knots, then the two
# boundary knots.
write(data.frame(rbind(c(k1, b1), c(k2, b2))), "cohort_knots.csv")

fit <- function(formula, name) {
  f <- rq(formula, tau = taus, method = "br")
  coefs <- t(coef(f))
  obj <- sapply(seq_along(taus), function(i) {
    r <- f$residuals[, i]
    sum(r * (taus[i] - (r < 0)))
  })
  write(data.frame(tau = taus, objective = obj, coefs), name)
}
suppressWarnings({
  fit(current ~ bs(prior1, knots = k1, Boundary.knots = b1), "rq_order1.csv")
  fit(current ~ bs(prior2, knots = k2, Boundary.knots = b2) +
        bs(prior1, knots = k1, Boundary.knots = b1), "rq_order2.csv")
})

# Growth percentiles read off R's fits as the SGP package reads them:
# fitted quantiles rounded to 5 digits and sorted, those strictly below
# the score counted, 0 made 1 and 100 made 99.
sgp <- function(formula) {
  f <- rq(formula, tau = taus, method = "br")
  fitted <- round(fitted(f), 5)
  fitted <- t(apply(fitted, 1, sort))
  pmin(pmax(rowSums(fitted < current), 1), 99)
}
suppressWarnings({
  sgp1 <- sgp(current ~ bs(prior1, knots = k1, Boundary.knots = b1))
  sgp2 <- sgp(current ~ bs(prior2, knots = k2, Boundary.knots = b2) +
                bs(prior1, knots = k1, Boundary.knots = b1))
})
write(data.frame(sgp1, sgp2), "sgp_reference.csv")
