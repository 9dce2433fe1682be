/**
 * The one scoring library of the package: every rule of the product's scoring section lives in
 * this bundle. Pure TypeScript with no platform imports, so the screens import it as `c/scoring`
 * and the Node sync imports this same file by relative path. This file is the public surface:
 * the other files of the bundle are its parts, listed here export by export.
 */
export { ScoringInputError, roundTo } from './core';

export {
  RATING_LABELS,
  SCORE_DECIMALS,
  competencyScore,
  needsEvidence,
  ratingValue,
  scoreAssessment,
  weightedScore
} from './ratings';
export type {
  AssessmentScores,
  CompetencyModel,
  ModelBehavior,
  ModelCompetency,
  RatingInput,
  RatingValue,
  WeightedItem
} from './ratings';

export {
  bandFromRecord,
  bandRangeText,
  checkFinalScore,
  eligibleScore,
  findBand,
  promotionReadiness,
  rampScore,
  validateBand
} from './performance';
export type {
  CareerLevelInfo,
  EligibleInput,
  EligibleResult,
  ExpectationRating,
  FinalScoreCheck,
  FinalScoreInput,
  PerformanceBand,
  PerformanceBandRecord,
  PromotionInput,
  PromotionReadiness,
  ReadinessCriterion,
  ReadinessKey
} from './performance';

export { MATURITY_LEVEL_NAMES, maturityLevelName, maturityResult } from './maturity';
export type {
  MaturityDescriptor,
  MaturityDimension,
  MaturityLevelName,
  MaturityProfileEntry,
  MaturityResponse,
  MaturityResult,
  MaturityRoadmapStep
} from './maturity';

export { areaReadiness, splitDeliverables, strategyPriorities } from './strategy';
export type {
  AreaPriority,
  Polarity,
  StrategyAnswer,
  StrategyAreaInput,
  StrategyNextStep,
  StrategyResult,
  StrategyStatement
} from './strategy';

export {
  IMPACT_FDR,
  MIN_IMPACT_N,
  Z_95,
  averageRanks,
  behaviorImpact,
  benjaminiHochberg,
  bonettWrightInterval,
  bonettWrightSe,
  correlationPValue,
  erfc,
  fisherInterval,
  pearson,
  spearman
} from './stats';
export type {
  CorrelationInterval,
  FdrResult,
  ImpactMetric,
  ImpactResult,
  ImpactRow,
  ImpactStatus
} from './stats';

export {
  PERIOD_KEY_PATTERN,
  formatPeriodKey,
  isPeriodKey,
  lastClosedQuarter,
  recentQuarters,
  parseIsoDate,
  parsePeriodKey,
  periodOf,
  periodRange,
  previousPeriod,
  utcDate
} from './fiscal';
export type { DateRange, FiscalSettings, PeriodKey } from './fiscal';

export { AGENDA_MIN_GAP, selfManagerAgenda } from './agenda';
export type { Agenda, AgendaBehavior, AgendaItem } from './agenda';
