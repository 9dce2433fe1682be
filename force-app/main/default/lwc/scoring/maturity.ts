/**
 * Sales maturity: each dimension is assessed at one of five levels; the organisation's level is
 * staged (the highest level every dimension reaches), and the roadmap names the next-level
 * descriptors of the dimensions that hold it down.
 */
import { ScoringInputError, requireInteger } from './core';

/** The five maturity levels, 1 to 5 (Maturity_Level_Descriptor__c.Level_Name__c values). */
export const MATURITY_LEVEL_NAMES = ['Chaos', 'Defined', 'Reportable', 'Manageable', 'Predictable'] as const;
/** One of the maturity level names. */
export type MaturityLevelName = (typeof MATURITY_LEVEL_NAMES)[number];

/** A Maturity_Dimension__c reduced to its key and name. */
export interface MaturityDimension {
  key: string;
  name: string;
}

/** A Maturity_Response__c: the level an assessor picked for a dimension (null = not assessed). */
export interface MaturityResponse {
  dimensionKey: string;
  level: number | null;
}

/** A Maturity_Level_Descriptor__c: what a dimension looks like at a level. */
export interface MaturityDescriptor {
  dimensionKey: string;
  level: number;
  descriptor: string;
}

/** One dimension of the profile. */
export interface MaturityProfileEntry {
  key: string;
  name: string;
  level: number | null;
  levelName: MaturityLevelName | null;
}

/** One roadmap step: a dimension holding the level down and what its next level looks like. */
export interface MaturityRoadmapStep {
  dimensionKey: string;
  name: string;
  fromLevel: number;
  toLevel: number;
  toLevelName: MaturityLevelName;
  /** The next-level descriptor; null when the rubric has none for that level. */
  descriptor: string | null;
}

/** The outcome of a maturity assessment. */
export interface MaturityResult {
  /** The staged level; null unless every dimension is assessed. */
  level: number | null;
  levelName: MaturityLevelName | null;
  /** The lowest assessed level, shown as provisional while some dimensions are unassessed. */
  provisionalLevel: number | null;
  complete: boolean;
  /** Every dimension in the given order with its level. */
  profile: MaturityProfileEntry[];
  /** Keys of the assessed dimensions at the lowest level: they hold the level down. */
  holdingDown: string[];
  /** Keys of the dimensions with no level yet. */
  unassessed: string[];
  roadmap: MaturityRoadmapStep[];
}

/** Name of a level 1-5. */
export function maturityLevelName(level: number): MaturityLevelName {
  return MATURITY_LEVEL_NAMES[requireInteger(level, 1, 5, 'Maturity level') - 1];
}

/** Computes the staged maturity level, the profile, the weakest dimensions and the roadmap. */
export function maturityResult(
  dimensions: readonly MaturityDimension[],
  responses: readonly MaturityResponse[],
  descriptors: readonly MaturityDescriptor[]
): MaturityResult {
  const levels = new Map<string, number | null>();
  for (const dimension of dimensions) {
    if (levels.has(dimension.key))
      throw new ScoringInputError(`Maturity dimension "${dimension.key}" is listed twice`);
    levels.set(dimension.key, null);
  }
  const answered = new Set<string>();
  for (const response of responses) {
    if (!levels.has(response.dimensionKey)) {
      throw new ScoringInputError(`Maturity response for unknown dimension "${response.dimensionKey}"`);
    }
    if (answered.has(response.dimensionKey)) {
      throw new ScoringInputError(`Maturity dimension "${response.dimensionKey}" has more than one response`);
    }
    answered.add(response.dimensionKey);
    const level = response.level === null ? null : requireInteger(response.level, 1, 5, 'Maturity level');
    levels.set(response.dimensionKey, level);
  }
  const descriptorText = new Map<string, string>();
  for (const d of descriptors) descriptorText.set(`${d.dimensionKey}\u0000${d.level}`, d.descriptor);

  let lowest: number | null = null;
  const profile: MaturityProfileEntry[] = [];
  const unassessed: string[] = [];
  for (const dimension of dimensions) {
    const level = levels.get(dimension.key) ?? null;
    profile.push({
      key: dimension.key,
      name: dimension.name,
      level,
      levelName: level === null ? null : maturityLevelName(level)
    });
    if (level === null) unassessed.push(dimension.key);
    else if (lowest === null || level < lowest) lowest = level;
  }
  const holding = lowest === null ? [] : profile.filter((entry) => entry.level === lowest);
  const roadmap: MaturityRoadmapStep[] =
    lowest === null || lowest === 5
      ? []
      : holding.map((entry) => ({
          dimensionKey: entry.key,
          name: entry.name,
          fromLevel: lowest,
          toLevel: lowest + 1,
          toLevelName: maturityLevelName(lowest + 1),
          descriptor: descriptorText.get(`${entry.key}\u0000${lowest + 1}`) ?? null
        }));
  const complete = dimensions.length > 0 && unassessed.length === 0;
  const level = complete ? lowest : null;
  return {
    level,
    levelName: level === null ? null : maturityLevelName(level),
    provisionalLevel: lowest,
    complete,
    profile,
    holdingDown: holding.map((entry) => entry.key),
    unassessed,
    roadmap
  };
}
