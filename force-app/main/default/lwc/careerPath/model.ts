/**
 * Turns the career page's one answer into what the page shows: the ladder of the rep's track,
 * this level and the next side by side with the latest assessment's areas, the promotion
 * checklist from `promotionReadiness`, strengths and gaps against the next level, the latest
 * submitted assessment grouped by competency, and the history per period. Every score comes from
 * `c/scoring`; this file only reads records and words the results.
 */
import { RATING_LABELS, promotionReadiness, scoreAssessment } from 'c/scoring';
import type { AssessmentScores, ExpectationRating, PromotionReadiness, ReadinessCriterion } from 'c/scoring';
import { competencyModelOf, ratingsOf, roleWeightsOf } from 'c/scoringInputs';
import { displayOf, fieldAccess, firstNodeOf, nodesOf, numberOf, sameId, textOf, valueOf } from 'c/uiApi';
import type { CareerAssessmentNode, CareerLevelNode, CareerPathData } from './query';

/** One career level of the rep's track. */
export interface LevelView {
  key: string;
  level: number;
  /** "L3". */
  code: string;
  title: string;
  expectedProficiency: number | null;
  expectedText: string;
  scopeMeeting: string;
  scopeExceeding: string;
  impactMeeting: string;
  impactExceeding: string;
}

/** One step of the ladder. */
export interface LadderStep extends LevelView {
  state: 'done' | 'current' | 'next' | 'later';
  stateText: string;
  itemClass: string;
  ariaCurrent: string | null;
}

/** One expectation area: this level's and the next level's texts next to the latest rating. */
export interface ExpectationRow {
  key: 'scope' | 'impact';
  area: string;
  thisMeeting: string;
  thisExceeding: string;
  nextMeeting: string;
  nextExceeding: string;
  latest: ExpectationRating | null;
  latestText: string;
  latestClass: string;
}

/** One line of the promotion checklist. */
export interface ChecklistLine {
  key: string;
  met: boolean;
  label: string;
  detail: string;
  statusText: string;
  iconName: string;
  iconText: string;
}

/** A competency among the strengths or gaps. */
export interface CompetencyStanding {
  key: string;
  name: string;
  scoreText: string;
  comparison: string;
}

/** A rated behaviour of the latest assessment. */
export interface RatedBehaviorView {
  key: string;
  name: string;
  statement: string;
  ratingText: string;
  evidence: string;
  opportunity: string;
}

/** A competency of the latest assessment with its behaviours. */
export interface RatedCompetencyView {
  key: string;
  name: string;
  dimension: string;
  scoreText: string;
  heading: string;
  behaviors: RatedBehaviorView[];
}

/** The latest submitted manager assessment, read-only. */
export interface LatestAssessmentView {
  id: string;
  period: string;
  status: string;
  assessorName: string;
  scope: ExpectationRating | null;
  impact: ExpectationRating | null;
  eligibleText: string;
  finalText: string;
  overallText: string;
  comment: string;
  version: number;
  saveToken: string | null;
  acknowledged: boolean;
  competencies: RatedCompetencyView[];
}

/** One period of the history. */
export interface HistoryRow {
  key: string;
  period: string;
  overall: number | null;
  finalScore: number | null;
  eligibleScore: number | null;
  attainment: number | null;
  winRate: number | null;
  overallText: string;
  finalText: string;
  eligibleText: string;
  attainmentText: string;
  winRateText: string;
}

/** Everything the career page shows. */
export interface CareerView {
  rep: { id: string; name: string; role: string; roleLabel: string; level: number; inRamp: boolean };
  /** The viewer is the rep. */
  self: boolean;
  /** Another viewer to whom the org shows no assessment and no metrics of the rep. */
  nothingVisible: boolean;
  /**
   * The org lets the signed-in user change an assessment's status and comment (object infos of the
   * same request; true when the answer carries none, and the org's rules still decide on save).
   */
  mayAcknowledge: boolean;
  ladder: LadderStep[];
  current: LevelView;
  next: LevelView | null;
  expectations: ExpectationRow[];
  readiness: PromotionReadiness;
  checklist: ChecklistLine[];
  /** What is still missing for the next level, in words. */
  missingText: string;
  strengths: CompetencyStanding[];
  gaps: CompetencyStanding[];
  /** What strengths and gaps are measured against ("the L4 expectation of 3.70"). */
  benchmarkText: string;
  latest: LatestAssessmentView | null;
  history: HistoryRow[];
  /** The latest snapshot's sync time ("2 Dec 2026, 06:00"), '' when metrics were never synced. */
  syncedText: string;
}

/** Why the page has nothing to show, with what to do next. */
export interface CareerEmpty {
  empty: true;
  heading: string;
  message: string;
  nextStep: string;
}

/** Tells an empty result from a page. */
export function isCareerEmpty(read: CareerView | CareerEmpty): read is CareerEmpty {
  return (read as CareerEmpty).empty === true;
}

const AREAS: { key: 'scope' | 'impact'; area: string }[] = [
  { key: 'scope', area: 'Role Scope/Execution' },
  { key: 'impact', area: 'Team/Cross-Functional Impact' }
];

function expectationOf(value: string | null): ExpectationRating | null {
  return value === 'Below' || value === 'Meeting' || value === 'Exceeding' ? value : null;
}

function scoreText(score: number | null): string {
  return score === null ? 'unrated' : score.toFixed(2);
}

/** A percentage as people write it: 134%, 95.5%. */
export function percentText(value: number | null): string {
  return value === null ? 'not synced' : `${Number(value.toFixed(2))}%`;
}

function levelView(node: CareerLevelNode): LevelView {
  const level = numberOf(node.Level__c) ?? 0;
  const expected = numberOf(node.Expected_Proficiency__c);
  return {
    key: node.Id,
    level,
    code: `L${level}`,
    title: textOf(node.Title__c),
    expectedProficiency: expected,
    expectedText:
      expected === null ? 'expected proficiency not set' : `expected proficiency ${expected.toFixed(2)}`,
    scopeMeeting: textOf(node.Scope_Meeting__c),
    scopeExceeding: textOf(node.Scope_Exceeding__c),
    impactMeeting: textOf(node.Impact_Meeting__c),
    impactExceeding: textOf(node.Impact_Exceeding__c)
  };
}

function ladderStep(view: LevelView, current: number): LadderStep {
  const state =
    view.level === current
      ? 'current'
      : view.level === current + 1
        ? 'next'
        : view.level < current
          ? 'done'
          : 'later';
  const stateText =
    state === 'current'
      ? 'Current level'
      : state === 'next'
        ? 'Next level'
        : state === 'done'
          ? 'Reached'
          : '';
  const itemClass =
    'ladder-step slds-box slds-box_x-small' +
    (state === 'current' ? ' ladder-step_current' : state === 'next' ? ' ladder-step_next' : '');
  return { ...view, state, stateText, itemClass, ariaCurrent: state === 'current' ? 'step' : null };
}

function ratingText(rating: string | null): string {
  if (rating === null || rating === '') return 'not rated';
  if (rating === 'N/A') return 'N/A, does not apply';
  const label = (RATING_LABELS as Record<string, string>)[rating];
  return label ? `${rating}, ${label.toLowerCase()}` : rating;
}

function latestView(
  data: CareerPathData,
  node: CareerAssessmentNode,
  scores: AssessmentScores,
  weights: Record<string, number>
): LatestAssessmentView {
  const byBehavior = new Map(
    nodesOf(node.Behavior_Ratings__r)
      .filter((r) => valueOf(r.Job_Behavior__c))
      .map((r) => [valueOf(r.Job_Behavior__c) as string, r])
  );
  const competencies: RatedCompetencyView[] = [];
  for (const c of nodesOf(data.uiapi.query.Competency__c)) {
    if (!Object.prototype.hasOwnProperty.call(weights, c.Id)) continue;
    const behaviors: RatedBehaviorView[] = nodesOf(c.Job_Behaviors__r)
      .filter((b) => byBehavior.has(b.Id))
      .map((b) => {
        const r = byBehavior.get(b.Id)!;
        return {
          key: r.Id,
          name: textOf(b.Name),
          statement: textOf(b.Statement__c),
          ratingText: ratingText(valueOf(r.Rating__c)),
          evidence: textOf(r.Evidence__c).trim(),
          opportunity: textOf(r.Evidence_Opportunity__r?.Name)
        };
      });
    if (!behaviors.length) continue;
    const name = textOf(c.Name);
    const score = scoreText(scores.competencies[c.Id] ?? null);
    competencies.push({
      key: c.Id,
      name,
      dimension: textOf(c.Dimension__r?.Name),
      scoreText: score,
      heading: `${name}: ${score}`,
      behaviors
    });
  }
  const eligible = numberOf(node.Eligible_Score__c);
  const final = numberOf(node.Final_Score__c);
  const status = textOf(node.Status__c);
  return {
    id: node.Id,
    period: textOf(node.Period__c),
    status,
    assessorName: textOf(node.Assessor__r?.Name),
    scope: expectationOf(valueOf(node.Scope_Rating__c)),
    impact: expectationOf(valueOf(node.Impact_Rating__c)),
    eligibleText: eligible === null ? 'not synced yet' : String(eligible),
    finalText: final === null ? 'not set yet' : String(final),
    overallText: scoreText(scores.overall),
    comment: textOf(node.Acknowledgement_Comment__c),
    version: numberOf(node.Version__c) ?? 0,
    saveToken: valueOf(node.Save_Token__c),
    acknowledged: status === 'Acknowledged',
    competencies
  };
}

function missingPart(line: ReadinessCriterion, self: boolean): string {
  switch (line.key) {
    case 'finalScores':
      return `two final scores of 1 or 2 in a row (${line.detail})`;
    case 'proficiency': {
      const actual = line.actual[0];
      const required = line.required;
      if (typeof required !== 'number') return line.detail;
      if (typeof actual !== 'number')
        return `an overall competency score of ${required.toFixed(2)} (not rated yet)`;
      return `an overall competency score of ${required.toFixed(2)}, ${(required - actual).toFixed(2)} above ${self ? 'your' : 'the'} current ${actual.toFixed(2)}`;
    }
    case 'expectations':
      return `both areas rated Exceeding in the latest assessment (${line.detail})`;
    default:
      return line.detail;
  }
}

function missingSentence(view: {
  readiness: PromotionReadiness;
  next: LevelView | null;
  self: boolean;
  name: string;
  roleLabel: string;
}): string {
  const { readiness, next, self, name } = view;
  if (!next) {
    return self
      ? `You are at the top level of the ${view.roleLabel} track: keep setting the example for others.`
      : `${name} is at the top level of the ${view.roleLabel} track.`;
  }
  const target = `${next.code}${next.title ? ` ${next.title}` : ''}`;
  if (readiness.ready) {
    return self
      ? `You meet every line for ${target}. Talk with your manager about your promotion.`
      : `${name} meets every line for ${target}.`;
  }
  const missing = readiness.criteria.filter((c) => !c.met).map((c) => missingPart(c, self));
  return self
    ? `To be ready for ${target}, you still need ${missing.join('; ')}. Each line you meet brings you closer.`
    : `For ${target}, ${name} still needs ${missing.join('; ')}.`;
}

function standings(
  data: CareerPathData,
  scores: AssessmentScores | null,
  benchmark: number | null
): { strengths: CompetencyStanding[]; gaps: CompetencyStanding[] } {
  if (!scores) return { strengths: [], gaps: [] };
  const names = new Map(nodesOf(data.uiapi.query.Competency__c).map((c) => [c.Id, textOf(c.Name)]));
  const rated = Object.entries(scores.competencies)
    .filter((e): e is [string, number] => e[1] !== null)
    .map(([key, score]) => ({ key, score, name: names.get(key) ?? key }));
  const standing = (item: { key: string; score: number; name: string }): CompetencyStanding => {
    let comparison = '';
    if (benchmark !== null) {
      const diff = item.score - benchmark;
      comparison =
        Math.abs(diff) < 0.005
          ? 'right at the expectation'
          : `${Math.abs(diff).toFixed(2)} ${diff > 0 ? 'above' : 'below'} the expectation`;
    }
    return { key: item.key, name: item.name, scoreText: item.score.toFixed(2), comparison };
  };
  const byScore = [...rated].sort((a, b) => b.score - a.score || a.name.localeCompare(b.name));
  const strengths = byScore.slice(0, 3);
  const taken = new Set(strengths.map((s) => s.key));
  const gaps = [...rated]
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .filter((item) => !taken.has(item.key))
    .slice(0, 3);
  return { strengths: strengths.map(standing), gaps: gaps.map(standing) };
}

function historyRows(
  assessments: CareerAssessmentNode[],
  overallOf: (node: CareerAssessmentNode) => number | null,
  data: CareerPathData
): HistoryRow[] {
  const rows = new Map<string, HistoryRow>();
  const row = (period: string): HistoryRow => {
    let found = rows.get(period);
    if (!found) {
      found = {
        key: period,
        period,
        overall: null,
        finalScore: null,
        eligibleScore: null,
        attainment: null,
        winRate: null,
        overallText: 'no assessment',
        finalText: 'no assessment',
        eligibleText: 'no assessment',
        attainmentText: 'not synced',
        winRateText: 'not synced'
      };
      rows.set(period, found);
    }
    return found;
  };
  // Newest first: the first assessment of a period is the one the page counts.
  for (const node of assessments) {
    const period = textOf(node.Period__c);
    if (!period || (rows.has(period) && rows.get(period)!.overallText !== 'no assessment')) continue;
    const r = row(period);
    r.overall = overallOf(node);
    r.finalScore = numberOf(node.Final_Score__c);
    r.eligibleScore = numberOf(node.Eligible_Score__c);
    r.overallText = scoreText(r.overall);
    r.finalText = r.finalScore === null ? 'not set' : String(r.finalScore);
    r.eligibleText = r.eligibleScore === null ? 'not synced' : String(r.eligibleScore);
  }
  for (const s of nodesOf(data.uiapi.query.Performance_Snapshot__c)) {
    const period = textOf(s.Period__c);
    if (!period) continue;
    const r = row(period);
    if (r.attainmentText !== 'not synced' || r.winRateText !== 'not synced') continue;
    r.attainment = numberOf(s.Quota_Attainment__c);
    r.winRate = numberOf(s.Win_Rate__c);
    r.attainmentText = percentText(r.attainment);
    r.winRateText = percentText(r.winRate);
  }
  return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period));
}

function mayAcknowledge(data: CareerPathData): boolean {
  const infos = data.uiapi.objectInfos;
  if (!infos) return true;
  const object = fieldAccess(infos, 'Assessment__c');
  if (!object) return true;
  const status = fieldAccess(infos, 'Assessment__c', 'Status__c');
  const comment = fieldAccess(infos, 'Assessment__c', 'Acknowledgement_Comment__c');
  return object.updateable && status?.updateable === true && comment?.updateable === true;
}

/** Reads the page from the answer; `viewerId` is the signed-in user (the rep, or a manager). */
export function readCareer(data: CareerPathData, viewerId: string): CareerView | CareerEmpty {
  const q = data.uiapi.query;
  const repNode = firstNodeOf(q.User);
  if (!repNode) {
    return {
      empty: true,
      heading: 'This career page is not available',
      message: 'The person could not be found, or your access does not include them.',
      nextStep: 'Open the career page from your own user record or from your team list.'
    };
  }
  const self = sameId(repNode.Id, viewerId);
  const name = textOf(repNode.Name);
  const role = valueOf(repNode.Sales_Role__c) ?? '';
  const roleLabel = displayOf(repNode.Sales_Role__c) || role;
  const level = numberOf(repNode.Career_Level__c);
  const ask = self ? 'Ask your manager or your Salesforce admin to set' : 'Ask your Salesforce admin to set';
  if (!role) {
    return {
      empty: true,
      heading: self ? 'Your sales role is not set yet' : `${name} has no sales role yet`,
      message: 'The career ladder depends on the sales role (SDR/BDR, Account Executive, Account Manager).',
      nextStep: `${ask} Sales Role on ${self ? 'your' : 'their'} user record.`
    };
  }
  if (level === null) {
    return {
      empty: true,
      heading: self ? 'Your career level is not set yet' : `${name} has no career level yet`,
      message: `Once a level is set, this page shows where ${self ? 'you stand' : 'they stand'} on the ${roleLabel} ladder and what the next level asks for.`,
      nextStep: `${ask} Career Level on ${self ? 'your' : 'their'} user record.`
    };
  }
  const levels = nodesOf(q.Career_Level__c)
    .filter((l) => valueOf(l.Track__c) === role)
    .map(levelView)
    .sort((a, b) => a.level - b.level);
  const current = levels.find((l) => l.level === level);
  if (!current) {
    return {
      empty: true,
      heading: `No L${level} on the ${roleLabel} ladder`,
      message: `The career levels of the ${roleLabel} track have not been loaded, or stop below L${level}.`,
      nextStep: 'Ask your Salesforce admin to load the career levels (Career Level records) for this track.'
    };
  }
  const next = levels.find((l) => l.level === level + 1) ?? null;

  const model = competencyModelOf(nodesOf(q.Competency__c));
  const weights = roleWeightsOf(nodesOf(q.Role_Competency__c), model).get(role) ?? {};
  const assessments = nodesOf(q.Assessment__c);
  const scoresOf = new Map<string, AssessmentScores>();
  const score = (node: CareerAssessmentNode): AssessmentScores => {
    let s = scoresOf.get(node.Id);
    if (!s) {
      s = scoreAssessment(model, ratingsOf(node.Behavior_Ratings__r), weights);
      scoresOf.set(node.Id, s);
    }
    return s;
  };
  const latestNode = assessments[0] ?? null;
  const latestScores = latestNode ? score(latestNode) : null;
  const latest = latestNode && latestScores ? latestView(data, latestNode, latestScores, weights) : null;

  const readiness = promotionReadiness({
    currentLevel: level,
    levels: levels.map((l) => ({
      level: l.level,
      expectedProficiency: l.expectedProficiency,
      title: l.title
    })),
    finalScoresNewestFirst: assessments.map((a) => numberOf(a.Final_Score__c)),
    overallScore: latestScores?.overall ?? null,
    latest: latest ? { scope: latest.scope, impact: latest.impact } : null
  });
  const checklist: ChecklistLine[] = readiness.criteria.map((c) => ({
    key: c.key,
    met: c.met,
    label: c.label,
    detail: c.detail,
    statusText: c.met ? 'Met' : 'Not yet',
    iconName: c.met ? 'utility:success' : 'utility:routing_offline',
    iconText: c.met ? 'Met' : 'Not yet met'
  }));

  const expectations: ExpectationRow[] = AREAS.map(({ key, area }) => {
    const rating = latest ? latest[key] : null;
    return {
      key,
      area,
      thisMeeting: key === 'scope' ? current.scopeMeeting : current.impactMeeting,
      thisExceeding: key === 'scope' ? current.scopeExceeding : current.impactExceeding,
      nextMeeting: next ? (key === 'scope' ? next.scopeMeeting : next.impactMeeting) : '',
      nextExceeding: next ? (key === 'scope' ? next.scopeExceeding : next.impactExceeding) : '',
      latest: rating,
      latestText: latest
        ? `Latest assessment (${latest.period}): ${rating ?? 'not rated'}`
        : 'No assessment yet',
      latestClass:
        rating === 'Exceeding'
          ? 'slds-badge slds-theme_success'
          : rating === 'Below'
            ? 'slds-badge slds-theme_warning'
            : 'slds-badge'
    };
  });

  const benchmarkLevel = next ?? current;
  const benchmark = benchmarkLevel.expectedProficiency;
  const { strengths, gaps } = standings(data, latestScores, benchmark);
  const snapshots = nodesOf(q.Performance_Snapshot__c);
  return {
    rep: { id: repNode.Id, name, role, roleLabel, level, inRamp: valueOf(repNode.In_Ramp__c) === true },
    self,
    nothingVisible: !self && assessments.length === 0 && snapshots.length === 0,
    mayAcknowledge: mayAcknowledge(data),
    ladder: levels.map((l) => ladderStep(l, level)),
    current,
    next,
    expectations,
    readiness,
    checklist,
    missingText: missingSentence({ readiness, next, self, name, roleLabel }),
    strengths,
    gaps,
    benchmarkText:
      benchmark === null
        ? `${benchmarkLevel.code} has no expected proficiency set`
        : `the ${benchmarkLevel.code} expectation of ${benchmark.toFixed(2)}`,
    latest,
    history: historyRows(assessments, (node) => score(node).overall, data),
    syncedText: snapshots.length ? displayOf(snapshots[0].Synced_At__c) : ''
  };
}
