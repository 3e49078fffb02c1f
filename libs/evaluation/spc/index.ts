export * from './spc-types.js';
export { MOVING_RANGE_OUTLIER_FACTOR, PROCESS_LIMIT_FACTOR, TWO_SIGMA_FACTOR } from './spc-limits.js';
export {
  calculateAssurance,
  calculateSpc,
  DEFAULT_RUN_LENGTH,
  MIN_FIX_AFTER_N_POINTS,
  pointTypeFor,
  SPC_RULE_PRIORITY,
  TRIAL_LIMITS_MIN_VALUES,
  variationIconFor,
} from './spc.js';
export {
  assuranceLabel,
  describeAssurance,
  describeSignal,
  describeVariation,
  explainSpc,
  formatSpcValue,
  type SpcExplainOptions,
  variationLabel,
} from './spc-explain.js';
