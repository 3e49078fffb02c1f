/**
 * The few probability distributions the evaluation needs, in plain TypeScript so the maths has no
 * npm dependency. Accuracy targets R's `qnorm`, `pchisq` and `qchisq` to about 1e-12 relative, which
 * is far below the 4 decimal places Fingertips publishes.
 */

/**
 * Inverse of the standard normal CDF (R's `qnorm(p)`).
 * Wichura, M. J. (1988) Algorithm AS 241, Applied Statistics 37(3), 477-484 (PPND16), the algorithm R uses.
 */
export function normalQuantile(p: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`normalQuantile needs a probability between 0 and 1, got ${p}`);
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;

  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) * r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) * r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }

  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r + 1.2704582524523684) * r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r + 0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 0.000027115555687434876) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 0.000018463183175100548) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 0.000009984369578019572, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 by the Lanczos approximation (g = 7, n = 9). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection keeps the approximation in its accurate range.
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS_COEFFICIENTS[0];
  for (let i = 1; i < LANCZOS_G + 2; i++) sum += LANCZOS_COEFFICIENTS[i] / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const GAMMA_EPSILON = 1e-15;
const GAMMA_MAX_ITERATIONS = 10_000;

/**
 * Regularised lower incomplete gamma P(a, x): the series below a + 1 and Lentz's continued fraction
 * above it (Press et al., Numerical Recipes, 3rd edn, section 6.2).
 */
export function regularizedGammaP(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`regularizedGammaP needs a > 0, got ${a}`);
  if (x < 0 || Number.isNaN(x)) throw new RangeError(`regularizedGammaP needs x >= 0, got ${x}`);
  if (x === 0) return 0;
  if (x === Infinity) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);

  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < GAMMA_MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * GAMMA_EPSILON) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }

  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < GAMMA_MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < GAMMA_EPSILON) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

/** Inverse of P(a, ·): Halley's method from the Numerical Recipes (`invgammp`) starting point, kept in bounds. */
function inverseRegularizedGammaP(p: number, a: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return Infinity;
  const a1 = a - 1;
  const gln = logGamma(a);
  let x: number;
  let lna1 = 0;
  let afac = 0;
  if (a > 1) {
    lna1 = Math.log(a1);
    afac = Math.exp(a1 * (lna1 - 1) - gln);
    const pp = p < 0.5 ? p : 1 - p;
    const t = Math.sqrt(-2 * Math.log(pp));
    let z = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
    if (p < 0.5) z = -z;
    x = Math.max(1e-3, a * Math.pow(1 - 1 / (9 * a) - z / (3 * Math.sqrt(a)), 3));
  } else {
    const t = 1 - a * (0.253 + a * 0.12);
    x = p < t ? Math.pow(p / t, 1 / a) : 1 - Math.log(1 - (p - t) / (1 - t));
  }

  for (let j = 0; j < 100; j++) {
    if (x <= 0) return 0;
    const err = regularizedGammaP(a, x) - p;
    const t = a > 1 ? afac * Math.exp(-(x - a1) + a1 * (Math.log(x) - lna1)) : Math.exp(-x + a1 * Math.log(x) - gln);
    if (t === 0) break;
    const u = err / t;
    const step = u / (1 - 0.5 * Math.min(1, u * (a1 / x - 1)));
    x -= step;
    if (x <= 0) x = 0.5 * (x + step);
    if (Math.abs(step) < 1e-14 * x) break;
  }
  return x;
}

/** P(X ≤ x) for a chi-squared variable with `degreesOfFreedom` (R's `pchisq`). */
export function chiSquaredCdf(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom >= 0)) throw new RangeError(`degrees of freedom must be >= 0, got ${degreesOfFreedom}`);
  if (x <= 0) return 0;
  // R treats 0 degrees of freedom as a point mass at 0.
  if (degreesOfFreedom === 0) return 1;
  return regularizedGammaP(degreesOfFreedom / 2, x / 2);
}

/**
 * Quantile of the chi-squared distribution (R's `qchisq(p, df)`). Zero degrees of freedom is R's point
 * mass at 0, which is what gives the exact Poisson lower limit of 0 when no events are observed.
 */
export function chiSquaredQuantile(p: number, degreesOfFreedom: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1) {
    throw new RangeError(`chiSquaredQuantile needs a probability between 0 and 1, got ${p}`);
  }
  if (!(degreesOfFreedom >= 0)) throw new RangeError(`degrees of freedom must be >= 0, got ${degreesOfFreedom}`);
  if (degreesOfFreedom === 0 || p === 0) return 0;
  if (p === 1) return Infinity;
  return 2 * inverseRegularizedGammaP(p, degreesOfFreedom / 2);
}
