export type { Polarity } from './polarity.js';
export type { Band } from './band.js';
export { bandWidth, describeBand } from './band.js';
export { DEFAULT_COMPARISON_DECIMAL_PLACES, formatNumber, roundHalfAwayFromZero } from './numeric.js';
export { chiSquaredCdf, chiSquaredQuantile, logGamma, normalQuantile, regularizedGammaP } from './distributions.js';
export {
  RAG_LABELS,
  evaluateTargetStatus,
  type Rag,
  type TargetRange,
  type TargetStatus,
  type TargetStatusInput,
  type TargetStatusLabel,
  type TargetStatusOptions,
  type TargetValue,
} from './target-status.js';
export {
  DIRECTION_LABELS,
  directionOfTravel,
  directionsOfTravel,
  type Direction,
  type DirectionOptions,
  type DirectionResult,
  type DirectionsOfTravel,
} from './direction-of-travel.js';
export {
  DEFAULT_MINIMUM_TREND_POINTS,
  forecastYearEnd,
  leastSquaresLine,
  targetUnlikelyToBeMet,
  type Forecast,
  type ForecastInput,
  type ForecastInputs,
  type ForecastMethod,
  type PeriodPoint,
  type PeriodValue,
  type RateForecastInput,
  type SumForecastInput,
  type TargetLikelihood,
} from './forecast.js';
export {
  CONFIDENCE_95,
  CONFIDENCE_99_8,
  EXACT_METHOD_BELOW_EVENTS,
  byarsLower,
  byarsRateInterval,
  byarsUpper,
  exactPoissonLower,
  exactPoissonUpper,
  wilsonInterval,
  wilsonLower,
  wilsonUpper,
  type ConfidenceInterval,
  type IntervalMethod,
} from './confidence-intervals.js';
export {
  compareWithBenchmark,
  type BenchmarkComparison,
  type BenchmarkComparisonInput,
  type BenchmarkComparisonResult,
  type IntervalLimits,
} from './comparison.js';
export {
  RECENT_TREND_CRITICAL_VALUE,
  RECENT_TREND_POINTS,
  recentTrendForProportions,
  recentTrendWithIntervals,
  worseAndWorsening,
  type IntervalTrendPoint,
  type ProportionTrendPoint,
  type RecentTrend,
  type RecentTrendLabel,
  type RecentTrendMarker,
} from './trend.js';
export {
  checkDataQuality,
  type DataQualityCode,
  type DataQualityFinding,
  type DataQualityInput,
  type IndicatorUnit,
  UNIT_MULTIPLIERS,
} from './data-quality.js';
export * from './spc/index.js';
