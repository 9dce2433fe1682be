/**
 * Turns the calibration answer into what a calibrator compares: each manager's distribution of
 * behaviour ratings against the organisation's (who rates high, who rates low), and per
 * rep the final score against the eligible score with the override reason and the history of who
 * changed them and when. Pure functions.
 */
import { RATING_LABELS } from 'c/scoring';
import { booleanOf, nodesOf, numberOf, textOf, valueOf } from 'c/uiApi';
import type { CalibrationData, CalibrationAssessmentNode } from './query';

/** A mean rating this close to the organisation's reads as "in line with it". */
export const IN_LINE_WITHIN = 0.2;

/** One change of the final score or the override reason, from field history. */
export interface ChangeEntry {
  id: string;
  field: 'Final score' | 'Override reason';
  from: string;
  to: string;
  who: string;
  /** ISO date-time of the change. */
  when: string;
}

/** A rep's assessment as the calibrator reviews it. */
export interface CalibrationRow {
  id: string;
  repName: string;
  assessorId: string;
  assessorName: string;
  status: string;
  inRamp: boolean;
  overall: number | null;
  eligible: number | null;
  final: number | null;
  overrideReason: string;
  needsCalibration: boolean;
  /** Behaviours rated 1, 2, 3, 4 and 5 (the assessment's roll-ups; 0 when blank). */
  ratedCounts: [number, number, number, number, number];
  versionRead: number;
  saveToken: string | null;
  /** Final minus eligible: negative is better than eligible (an override), positive worse. */
  difference: number | null;
  changes: ChangeEntry[];
}

/** One manager's (or the organisation's) behaviour ratings: how many of each point, and the means. */
export interface Distribution {
  key: string;
  name: string;
  /** Assessments counted. */
  assessments: number;
  /** Behaviour ratings counted (N/A never counts). */
  n: number;
  /** Ratings per point of the scale, index 0 = 1. */
  counts: [number, number, number, number, number];
  /** Mean behaviour rating. */
  mean: number | null;
  /** Mean overall score of the assessments that have one. */
  meanOverall: number | null;
  meanFinal: number | null;
  /** Mean rating minus the organisation's; null for the organisation itself or without ratings. */
  difference: number | null;
  words: string;
}

function change(node: CalibrationAssessmentNode['Histories']['edges'][number]['node']): ChangeEntry {
  const field = textOf(node.Field) === 'Override_Reason__c' ? 'Override reason' : 'Final score';
  return {
    id: node.Id,
    field,
    from: textOf(node.OldValue) || 'blank',
    to: textOf(node.NewValue) || 'blank',
    who: textOf(node.CreatedBy?.Name),
    when: textOf(node.CreatedDate)
  };
}

/** Every assessment of the answer as a row, in the answer's order (by rep name). */
export function calibrationRows(data: CalibrationData): CalibrationRow[] {
  return nodesOf(data.uiapi.query.Assessment__c).map((a) => {
    const eligible = numberOf(a.Eligible_Score__c);
    const final = numberOf(a.Final_Score__c);
    return {
      id: a.Id,
      repName: textOf(a.Rep__r?.Name),
      assessorId: valueOf(a.Assessor__c) ?? '',
      assessorName: textOf(a.Assessor__r?.Name) || 'Unknown assessor',
      status: textOf(a.Status__c) || 'Draft',
      inRamp: booleanOf(a.In_Ramp__c),
      overall: numberOf(a.Overall_Score__c),
      eligible,
      final,
      overrideReason: textOf(a.Override_Reason__c),
      needsCalibration: booleanOf(a.Needs_Calibration__c),
      ratedCounts: [
        numberOf(a.Rated_1_Count__c) ?? 0,
        numberOf(a.Rated_2_Count__c) ?? 0,
        numberOf(a.Rated_3_Count__c) ?? 0,
        numberOf(a.Rated_4_Count__c) ?? 0,
        numberOf(a.Rated_5_Count__c) ?? 0
      ],
      versionRead: numberOf(a.Version__c) ?? 0,
      saveToken: valueOf(a.Save_Token__c),
      difference: eligible !== null && final !== null ? final - eligible : null,
      changes: nodesOf(a.Histories).map(change)
    };
  });
}

/** The mean of some numbers; null for none. */
function mean(values: number[]): number | null {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : null;
}

function distribution(
  key: string,
  name: string,
  rows: readonly CalibrationRow[]
): Omit<Distribution, 'difference' | 'words'> {
  const counts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const row of rows) row.ratedCounts.forEach((c, i) => (counts[i] += c));
  const n = counts.reduce((sum, c) => sum + c, 0);
  const overall = rows.map((r) => r.overall).filter((o): o is number => o !== null);
  const finals = rows.map((r) => r.final).filter((f): f is number => f !== null);
  return {
    key,
    name,
    assessments: rows.length,
    n,
    counts,
    mean: n ? counts.reduce((sum, c, i) => sum + c * (i + 1), 0) / n : null,
    meanOverall: mean(overall),
    meanFinal: mean(finals)
  };
}

/** The rating tendency of a manager in words, against the organisation's mean. */
export function tendencyWords(difference: number | null): string {
  if (difference === null) return 'no scored assessments yet';
  if (Math.abs(difference) < IN_LINE_WITHIN) return 'in line with the organisation';
  const size = Math.abs(difference).toFixed(2);
  return difference > 0
    ? `rates ${size} higher than the organisation`
    : `rates ${size} lower than the organisation`;
}

/**
 * The organisation's distribution, then each assessor's, highest mean first, so the managers who
 * rate high and those who rate low stand at the two ends.
 */
export function distributions(rows: readonly CalibrationRow[]): {
  organisation: Distribution;
  managers: Distribution[];
} {
  const org = distribution('organisation', 'Organisation', rows);
  const byAssessor = new Map<string, CalibrationRow[]>();
  for (const row of rows) {
    const list = byAssessor.get(row.assessorId) ?? [];
    list.push(row);
    byAssessor.set(row.assessorId, list);
  }
  const managers = [...byAssessor.entries()].map(([key, list]) => {
    const d = distribution(key, list[0].assessorName, list);
    const difference = d.mean !== null && org.mean !== null ? d.mean - org.mean : null;
    return { ...d, difference, words: tendencyWords(difference) };
  });
  managers.sort((a, b) => (b.mean ?? -Infinity) - (a.mean ?? -Infinity) || a.name.localeCompare(b.name));
  return {
    organisation: { ...org, difference: null, words: `${org.n} ratings in ${org.assessments} assessments` },
    managers
  };
}

/** The scale's word for each whole point, for the legend and the table headers. */
export const POINT_LABELS = (['1', '2', '3', '4', '5'] as const).map((p) => `${p} ${RATING_LABELS[p]}`);

/** Final against eligible in words ("1 better than eligible", "as eligible", "2 worse"). */
export function differenceWords(row: CalibrationRow): string {
  if (row.eligible === null) return 'no eligible score yet';
  if (row.final === null) return 'final score not set';
  if (row.difference === 0) return 'as eligible';
  const size = Math.abs(row.difference as number);
  return (row.difference as number) < 0
    ? `${size} better than eligible (override)`
    : `${size} worse than eligible`;
}
