package org.dnregistry.streams.research;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * A small linear program solved exactly: optimise one variable over {@code A x = b, x >= 0}, in rational arithmetic
 * (no rounding), by the two-phase simplex method with Bland's rule (which cannot cycle). For the suppression audit,
 * whose programs have a few equations and at most a few dozen variables.
 */
final class ExactLp {
  /** The optimum of the variable: a number, unbounded, or infeasible. */
  record Result(boolean feasible, boolean bounded, Rational value) {
    static final Result INFEASIBLE = new Result(false, false, null);
    static final Result UNBOUNDED = new Result(true, false, null);
  }

  private ExactLp() {}

  /** The smallest value of variable {@code j} subject to {@code a x = b, x >= 0}. */
  static Result minimise(long[][] a, long[] b, int j) {
    return optimise(a, b, j, -1);
  }

  /** The largest value of variable {@code j} subject to {@code a x = b, x >= 0}. */
  static Result maximise(long[][] a, long[] b, int j) {
    return optimise(a, b, j, +1);
  }

  /** Maximises {@code sign * x_j}. */
  private static Result optimise(long[][] a, long[] b, int j, int sign) {
    int m = a.length;
    int n = m == 0 ? j + 1 : a[0].length;
    // Tableau with artificial variables n..n+m-1; rows with a negative right-hand side are negated first.
    Rational[][] t = new Rational[m + 1][n + m + 1];
    for (Rational[] row : t) {
      Arrays.fill(row, Rational.ZERO);
    }
    int[] basis = new int[m];
    for (int i = 0; i < m; i++) {
      long s = b[i] < 0 ? -1 : 1;
      for (int k = 0; k < n; k++) {
        t[i][k] = Rational.of(s * a[i][k]);
      }
      t[i][n + i] = Rational.ONE;
      t[i][n + m] = Rational.of(s * b[i]);
      basis[i] = n + i;
    }
    // Phase 1: maximise -(sum of artificials).
    Rational[] phase1 = new Rational[n + m + 1];
    Arrays.fill(phase1, Rational.ZERO);
    for (int i = 0; i < m; i++) {
      for (int k = 0; k <= n + m; k++) {
        if (k < n || k == n + m) {
          phase1[k] = phase1[k].add(t[i][k]);
        }
      }
    }
    t[m] = phase1;
    if (!simplex(t, basis, n + m)) {
      throw new IllegalStateException("phase 1 of a feasibility problem cannot be unbounded");
    }
    if (t[m][n + m].signum() != 0) {
      return Result.INFEASIBLE;
    }
    // Drive artificials out of the basis where possible.
    for (int i = 0; i < m; i++) {
      if (basis[i] >= n) {
        for (int k = 0; k < n; k++) {
          if (t[i][k].signum() != 0) {
            pivot(t, basis, i, k);
            break;
          }
        }
      }
    }
    // Phase 2: the objective row holds the reduced costs of maximising sign * x_j (artificials barred).
    Rational[] objective = new Rational[n + m + 1];
    Arrays.fill(objective, Rational.ZERO);
    objective[j] = Rational.of(sign);
    for (int i = 0; i < m; i++) {
      if (basis[i] == j) {
        for (int k = 0; k <= n + m; k++) {
          objective[k] = objective[k].subtract(t[i][k].multiply(Rational.of(sign)));
        }
        objective[j] = Rational.ZERO;
      }
    }
    t[m] = objective;
    if (!simplex(t, basis, n)) {
      return Result.UNBOUNDED;
    }
    Rational value = Rational.ZERO;
    for (int i = 0; i < m; i++) {
      if (basis[i] == j) {
        value = t[i][n + m];
      }
    }
    return new Result(true, true, value);
  }

  /**
   * Maximises with the last row as reduced costs (a positive entry improves), entering only columns below
   * {@code columns}; false when unbounded.
   */
  private static boolean simplex(Rational[][] t, int[] basis, int columns) {
    int m = basis.length;
    int rhs = t[0].length - 1;
    while (true) {
      int enter = -1;
      for (int k = 0; k < columns; k++) {
        if (t[m][k].signum() > 0) {
          enter = k; // Bland: the first improving column
          break;
        }
      }
      if (enter < 0) {
        return true;
      }
      int leave = -1;
      Rational best = null;
      for (int i = 0; i < m; i++) {
        if (t[i][enter].signum() > 0) {
          Rational ratio = t[i][rhs].divide(t[i][enter]);
          if (best == null || ratio.compareTo(best) < 0
              || (ratio.compareTo(best) == 0 && basis[i] < basis[leave])) {
            best = ratio;
            leave = i;
          }
        }
      }
      if (leave < 0) {
        return false;
      }
      pivot(t, basis, leave, enter);
    }
  }

  private static void pivot(Rational[][] t, int[] basis, int row, int column) {
    Rational p = t[row][column];
    for (int k = 0; k < t[row].length; k++) {
      t[row][k] = t[row][k].divide(p);
    }
    for (int i = 0; i < t.length; i++) {
      if (i != row && t[i][column].signum() != 0) {
        Rational f = t[i][column];
        for (int k = 0; k < t[i].length; k++) {
          t[i][k] = t[i][k].subtract(f.multiply(t[row][k]));
        }
      }
    }
    basis[row] = column;
  }

  /** An exact fraction in lowest terms with a positive denominator. */
  record Rational(BigInteger num, BigInteger den) implements Comparable<Rational> {
    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    static Rational of(long v) {
      return new Rational(BigInteger.valueOf(v), BigInteger.ONE);
    }

    static Rational of(BigInteger num, BigInteger den) {
      if (den.signum() == 0) {
        throw new ArithmeticException("division by zero");
      }
      if (den.signum() < 0) {
        num = num.negate();
        den = den.negate();
      }
      BigInteger g = num.gcd(den);
      return g.signum() == 0 ? ZERO : new Rational(num.divide(g), den.divide(g));
    }

    Rational add(Rational o) {
      return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational subtract(Rational o) {
      return of(num.multiply(o.den).subtract(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational multiply(Rational o) {
      return of(num.multiply(o.num), den.multiply(o.den));
    }

    Rational divide(Rational o) {
      return of(num.multiply(o.den), den.multiply(o.num));
    }

    int signum() {
      return num.signum();
    }

    @Override
    public int compareTo(Rational o) {
      return num.multiply(o.den).compareTo(o.num.multiply(den));
    }

    @Override
    public String toString() {
      return den.equals(BigInteger.ONE) ? num.toString() : num + "/" + den;
    }
  }
}
