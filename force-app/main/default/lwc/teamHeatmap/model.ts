/**
 * Turns the Team page's one answer into the heatmap: the competency columns of the reps shown, one
 * row per rep with each competency score (from the scoring library, as the rating screen computes
 * it), the overall, eligible and final scores, attainment, assessment status and the two flags,
 * then filters by sales role and sorts by any column. Pure functions, tested without a DOM.
 */
import { RATING_LABELS, promotionReadiness, scoreAssessment } from 'c/scoring';
import type { ExpectationRating } from 'c/scoring';
import { competencyModelOf, ratingsOf, roleWeightsOf } from 'c/scoringInputs';
import { booleanOf, displayOf, nodesOf, numberOf, sameId, textOf, valueOf } from 'c/uiApi';
import type { TeamAssessmentNode, TeamHeatmapData } from './query';

/** The four states of a rep's manager assessment for the period. */
export type TeamStatus = 'Not started' | 'Draft' | 'Submitted' | 'Acknowledged';

/** A competency column of the heatmap. */
export interface TeamColumn {
  id: string;
  name: string;
}

/** One row: a rep and the numbers of their period. */
export interface TeamRow {
  id: string;
  name: string;
  role: string;
  roleLabel: string;
  managerId: string;
  managerName: string;
  inRamp: boolean;
  status: TeamStatus;
  /** Competency Id to score (1-5, two decimals); null = unrated; absent = not in the rep's role. */
  scores: Record<string, number | null>;
  overall: number | null;
  eligible: number | null;
  final: number | null;
  /** Quota attainment in percent (104.5 = 104.5%). */
  attainment: number | null;
  /** Ready for promotion to the next level; null when the rep's level or ladder is not set. */
  ready: boolean | null;
  needsCalibration: boolean;
}

/** Columns the table can sort by besides the competencies. */
export type FixedSortKey =
  'name' | 'overall' | 'eligible' | 'final' | 'attainment' | 'status' | 'ready' | 'calibration';

/** A sort: a fixed key or a competency Id, and the direction. */
export interface TeamSort {
  key: string;
  ascending: boolean;
}

const STATUS_ORDER: Record<TeamStatus, number> = {
  'Not started': 0,
  Draft: 1,
  Submitted: 2,
  Acknowledged: 3
};

/** The status of an assessment as the table shows it (blank counts as a draft). */
export function statusOf(node: TeamAssessmentNode | null): TeamStatus {
  if (!node) return 'Not started';
  const value = textOf(node.Status__c);
  return value === 'Submitted' || value === 'Acknowledged' ? value : 'Draft';
}

function expectation(value: string | null): ExpectationRating | null {
  return value === 'Below' || value === 'Meeting' || value === 'Exceeding' ? value : null;
}

/** Each rep's assessments, in the answer's order (newest first), keyed by the 15-character rep Id. */
function groupByRep<N extends { Rep__c: { value: string | null } }>(nodes: N[]): Map<string, N[]> {
  const out = new Map<string, N[]>();
  for (const node of nodes) {
    const rep = valueOf(node.Rep__c);
    if (!rep) continue;
    const key = rep.slice(0, 15);
    const list = out.get(key) ?? [];
    list.push(node);
    out.set(key, list);
  }
  return out;
}

/** Every rep of the answer as a row, in the answer's order (by name). */
export function teamRows(data: TeamHeatmapData): TeamRow[] {
  const q = data.uiapi.query;
  const model = competencyModelOf(nodesOf(q.Competency__c));
  const roles = roleWeightsOf(nodesOf(q.Role_Competency__c), model);
  const current = groupByRep(nodesOf(q.Assessment__c));
  const decided = groupByRep(nodesOf(q.Decided));
  const levels = nodesOf(q.Career_Level__c);

  // A second-line viewer's direct reports are managers: one with no sales role of their own is
  // not rated, so it is no row (a rep with no role stays, so the gap shows).
  const users = nodesOf(q.User);
  const managing = new Set(users.map((u) => (valueOf(u.ManagerId) ?? '').slice(0, 15)));
  return users
    .filter((u) => valueOf(u.Sales_Role__c) || !managing.has(u.Id.slice(0, 15)))
    .map((rep) => {
      const key = rep.Id.slice(0, 15);
      const assessment = current.get(key)?.[0] ?? null;
      const role = valueOf(rep.Sales_Role__c) ?? '';
      const scored = scoreAssessment(
        model,
        ratingsOf(assessment?.Behavior_Ratings__r),
        roles.get(role) ?? {}
      );
      const status = statusOf(assessment);
      const isDecided = status === 'Submitted' || status === 'Acknowledged';
      return {
        id: rep.Id,
        name: textOf(rep.Name),
        role,
        roleLabel: displayOf(rep.Sales_Role__c) || role,
        managerId: valueOf(rep.ManagerId) ?? '',
        managerName: textOf(rep.Manager?.Name),
        inRamp: booleanOf(rep.In_Ramp__c),
        status,
        scores: scored.competencies,
        overall: scored.overall,
        eligible: assessment ? numberOf(assessment.Eligible_Score__c) : null,
        final: assessment ? numberOf(assessment.Final_Score__c) : null,
        attainment: assessment ? numberOf(assessment.Quota_Attainment__c) : null,
        ready: readiness(
          numberOf(rep.Career_Level__c),
          levels
            .filter((l) => valueOf(l.Track__c) === role && numberOf(l.Level__c) !== null)
            .map((l) => ({
              level: numberOf(l.Level__c) as number,
              expectedProficiency: numberOf(l.Expected_Proficiency__c)
            })),
          [
            ...(isDecided && assessment ? [numberOf(assessment.Final_Score__c)] : []),
            ...(decided.get(key) ?? []).map((d) => numberOf(d.Final_Score__c))
          ],
          isDecided ? scored.overall : null,
          isDecided && assessment
            ? {
                scope: expectation(valueOf(assessment.Scope_Rating__c)),
                impact: expectation(valueOf(assessment.Impact_Rating__c))
              }
            : null
        ),
        needsCalibration: assessment ? booleanOf(assessment.Needs_Calibration__c) : false
      };
    });
}

/** Promotion readiness as the career page decides it; null when it cannot be decided. */
function readiness(
  level: number | null,
  levels: { level: number; expectedProficiency: number | null }[],
  finals: (number | null)[],
  overall: number | null,
  latest: { scope: ExpectationRating | null; impact: ExpectationRating | null } | null
): boolean | null {
  if (level === null || !levels.some((l) => l.level === level)) return null;
  try {
    return promotionReadiness({
      currentLevel: level,
      levels,
      finalScoresNewestFirst: finals,
      overallScore: overall,
      latest
    }).ready;
  } catch {
    return null; // a level or score outside the scale: the flag stays undecided rather than wrong
  }
}

/** The competency columns the rows use, in the model's order. */
export function teamColumns(data: TeamHeatmapData, rows: readonly TeamRow[]): TeamColumn[] {
  const used = new Set(rows.flatMap((r) => Object.keys(r.scores)));
  return nodesOf(data.uiapi.query.Competency__c)
    .filter((c) => used.has(c.Id))
    .map((c) => ({ id: c.Id, name: textOf(c.Name) }));
}

/** The rows of one sales role; every row for ''. */
export function filterRows(rows: readonly TeamRow[], role: string): TeamRow[] {
  return role ? rows.filter((r) => r.role === role) : [...rows];
}

function sortValue(row: TeamRow, key: string): number | string | null {
  switch (key) {
    case 'name':
      return row.name.toLocaleLowerCase();
    case 'overall':
      return row.overall;
    case 'eligible':
      return row.eligible;
    case 'final':
      return row.final;
    case 'attainment':
      return row.attainment;
    case 'status':
      return STATUS_ORDER[row.status];
    case 'ready':
      return row.ready === null ? null : row.ready ? 1 : 0;
    case 'calibration':
      return row.needsCalibration ? 1 : 0;
    default:
      return Object.prototype.hasOwnProperty.call(row.scores, key) ? row.scores[key] : null;
  }
}

/**
 * Sorts rows by a column: blanks (unrated, not in the role, not decided) always last, whichever the
 * direction, and ties kept in name order so the table never reshuffles equal rows.
 */
export function sortRows(rows: readonly TeamRow[], sort: TeamSort): TeamRow[] {
  const sign = sort.ascending ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va === null || vb === null) {
      if (va !== vb) return va === null ? 1 : -1;
    } else if (va !== vb) {
      return (va < vb ? -1 : 1) * sign;
    }
    return a.name.localeCompare(b.name) || (sameId(a.id, b.id) ? 0 : a.id < b.id ? -1 : 1);
  });
}

/**
 * The colour band of a 1-5 score and the scale's word for it (its whole points: 3.6 is
 * "Proficient"), so colour never carries the meaning alone.
 */
export function scoreBand(score: number | null): { band: string; word: string } {
  if (score === null) return { band: 'none', word: 'not rated' };
  const point = Math.min(5, Math.max(1, Math.floor(score))) as 1 | 2 | 3 | 4 | 5;
  return { band: `b${point}`, word: RATING_LABELS[String(point) as '1' | '2' | '3' | '4' | '5'] };
}
