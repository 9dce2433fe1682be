/**
 * Turns deal coaching's one answer into what the card shows: the deal and its owner, and the
 * behaviours of the owner's role tagged with the deal's stage, each with the owner's latest rating,
 * the proficiency the owner's level expects, and the measured link between the behaviour and the
 * outcome at this stage (or win rate) for the role, ordered by that link. Pure functions.
 */
import { RATING_LABELS } from 'c/scoring';
import { booleanOf, displayOf, nodesOf, numberOf, sameId, textOf, valueOf } from 'c/uiApi';
import type { DealCoachingData, DealImpactNode, DealRatingNode } from './query';

/** The deal and who owns it. */
export interface DealInfo {
  id: string;
  name: string;
  stage: string;
  stageLabel: string;
  closed: boolean;
  ownerId: string;
  ownerName: string;
  role: string;
  roleLabel: string;
  level: number | null;
  /** The Career_Level__c record of the owner's level on their track, for a new observation. */
  levelId: string | null;
  inRamp: boolean;
}

/** The owner's latest rating of a behaviour, and where it came from. */
export interface LatestRating {
  value: string;
  label: string;
  /** "deal observation on this deal", "deal observation on another deal", "manager assessment 2026-Q3". */
  source: string;
  assessor: string;
  date: string;
  evidence: string;
}

/** The measured association of a behaviour with an outcome, for the owner's role. */
export interface ImpactInfo {
  metric: string;
  stage: string | null;
  period: string;
  rho: number;
  n: number;
  low: number;
  high: number;
  /** The interval in words: whether the link is clearly positive, clearly negative or not clear. */
  words: string;
}

/** A behaviour to coach on this deal. */
export interface CoachingBehavior {
  id: string;
  name: string;
  statement: string;
  competencyName: string;
  latest: LatestRating | null;
  /** Expected proficiency at the owner's level (1-5), or null when the level sets none. */
  expected: number | null;
  impact: ImpactInfo | null;
}

/** What the card shows, or why there is nothing to coach. */
export type Coaching =
  | { kind: 'ready'; deal: DealInfo; behaviors: CoachingBehavior[] }
  | { kind: 'empty'; heading: string; message: string; nextStep: string };

const fmt = (v: number): string => v.toFixed(2).replace('-', '\u2212');

/** A 95% interval of a correlation in words, so no one has to read an interval to act on it. */
export function intervalWords(low: number, high: number): string {
  if (low > 0) return 'a clear positive link: higher ratings go with better results';
  if (high < 0) return 'a clear negative link: higher ratings go with worse results';
  return 'not clear yet: the interval includes no link at all';
}

/** The latest impact of each behaviour for the role: this stage's conversion first, else win rate. */
function impactsFor(nodes: DealImpactNode[], role: string, stage: string): Map<string, ImpactInfo> {
  const rank = (n: DealImpactNode): number => {
    const metric = valueOf(n.Metric__c);
    if (metric === 'Stage Conversion' && valueOf(n.Stage__c) === stage) return 2;
    if (metric === 'Win Rate' && !valueOf(n.Stage__c)) return 1;
    return 0;
  };
  const best = new Map<string, { node: DealImpactNode; rank: number }>();
  for (const node of nodes) {
    if (valueOf(node.Sales_Role__c) !== role) continue;
    const behavior = valueOf(node.Job_Behavior__c);
    const r = rank(node);
    if (!behavior || r === 0) continue;
    if (numberOf(node.Rho__c) === null || numberOf(node.N__c) === null) continue;
    if (numberOf(node.CI_Low__c) === null || numberOf(node.CI_High__c) === null) continue;
    const key = behavior.slice(0, 15);
    const seen = best.get(key);
    // Nodes arrive newest period first: a later node wins only with a better rank.
    if (!seen || r > seen.rank) best.set(key, { node, rank: r });
  }
  const out = new Map<string, ImpactInfo>();
  for (const [key, { node }] of best) {
    const low = numberOf(node.CI_Low__c) as number;
    const high = numberOf(node.CI_High__c) as number;
    out.set(key, {
      metric: textOf(node.Metric__c),
      stage: valueOf(node.Stage__c),
      period: textOf(node.Period__c),
      rho: numberOf(node.Rho__c) as number,
      n: numberOf(node.N__c) as number,
      low,
      high,
      words: intervalWords(low, high)
    });
  }
  return out;
}

/** A rating as the card names it: "4 Advanced" (the scale's word after the point). */
export function ratingLabel(value: string): string {
  return value in RATING_LABELS ? `${value} ${RATING_LABELS[value as keyof typeof RATING_LABELS]}` : value;
}

function latestOf(node: DealRatingNode, opportunityId: string): LatestRating {
  const value = textOf(node.Rating__c);
  const a = node.Assessment__r;
  const type = textOf(a?.Type__c);
  const onThisDeal = sameId(
    valueOf(a?.Opportunity__c) ?? valueOf(node.Evidence_Opportunity__c),
    opportunityId
  );
  const source =
    type === 'Deal Observation'
      ? `deal observation on ${onThisDeal ? 'this deal' : 'another deal'}`
      : `${type.toLowerCase() || 'manager'} assessment ${textOf(a?.Period__c)}`.trim();
  return {
    value,
    label: ratingLabel(value),
    source,
    assessor: textOf(a?.Assessor__r?.Name),
    date: (valueOf(node.LastModifiedDate) ?? '').slice(0, 10),
    evidence: textOf(node.Evidence__c)
  };
}

/** Reads the answer into the deal and its coaching behaviours, or the reason there are none. */
export function readCoaching(data: DealCoachingData): Coaching {
  const q = data.uiapi.query;
  const opp = nodesOf(q.Opportunity)[0];
  if (!opp) {
    return {
      kind: 'empty',
      heading: 'This opportunity could not be read',
      message: 'It may have been deleted, or your access does not include it.',
      nextStep: 'Open the opportunity again from a list; if it keeps failing, ask your admin about access.'
    };
  }
  const owner = opp.Owner;
  const role = valueOf(owner?.Sales_Role__c) ?? '';
  const stage = valueOf(opp.StageName) ?? '';
  const level = numberOf(owner?.Career_Level__c);
  const levelNode = nodesOf(q.Career_Level__c).find(
    (l) => valueOf(l.Track__c) === role && numberOf(l.Level__c) === level
  );
  const deal: DealInfo = {
    id: opp.Id,
    name: textOf(opp.Name),
    stage,
    stageLabel: displayOf(opp.StageName) || stage,
    closed: booleanOf(opp.IsClosed),
    ownerId: valueOf(opp.OwnerId) ?? '',
    ownerName: textOf(owner?.Name),
    role,
    roleLabel: displayOf(owner?.Sales_Role__c) || role,
    level,
    levelId: levelNode?.Id ?? null,
    inRamp: booleanOf(owner?.In_Ramp__c)
  };
  if (!role) {
    return {
      kind: 'empty',
      heading: `${deal.ownerName || 'The owner'} has no sales role yet`,
      message: 'Deal coaching shows the behaviours of the owner’s sales role for the deal’s stage.',
      nextStep: 'Ask your Salesforce admin to set Sales Role on the owner’s user record.'
    };
  }
  const roleCompetencies = new Set(
    nodesOf(q.Role_Competency__c)
      .filter((rc) => valueOf(rc.Sales_Role__c) === role)
      .map((rc) => (valueOf(rc.Competency__c) ?? '').slice(0, 15))
  );
  const latest = new Map<string, DealRatingNode>();
  for (const r of nodesOf(q.Behavior_Rating__c)) {
    const behavior = valueOf(r.Job_Behavior__c);
    const value = valueOf(r.Rating__c);
    // Newest first: the first 1-5 rating of each behaviour is its latest (N/A says nothing).
    if (behavior && value && value !== 'N/A' && !latest.has(behavior.slice(0, 15)))
      latest.set(behavior.slice(0, 15), r);
  }
  const impacts = impactsFor(nodesOf(q.Behavior_Impact__c), role, stage);
  const expected = levelNode ? numberOf(levelNode.Expected_Proficiency__c) : null;
  const behaviors: CoachingBehavior[] = [];
  for (const competency of nodesOf(q.Competency__c)) {
    if (!roleCompetencies.has(competency.Id.slice(0, 15))) continue;
    for (const b of nodesOf(competency.Job_Behaviors__r)) {
      const stages = (valueOf(b.Stages__c) ?? '').split(';').map((s) => s.trim());
      if (!stages.includes(stage)) continue;
      const key = b.Id.slice(0, 15);
      const rating = latest.get(key);
      behaviors.push({
        id: b.Id,
        name: textOf(b.Name),
        statement: textOf(b.Statement__c),
        competencyName: textOf(competency.Name),
        latest: rating ? latestOf(rating, opp.Id) : null,
        expected,
        impact: impacts.get(key) ?? null
      });
    }
  }
  if (!behaviors.length) {
    return {
      kind: 'empty',
      heading: `No behaviours are tagged with ${deal.stageLabel || 'this stage'}`,
      message: `None of the ${deal.roleLabel} behaviours lists this stage, so there is nothing specific to coach here.`,
      nextStep:
        'Ask your Salesforce admin to tag behaviours with the sales stages where they matter (Stages on Job Behavior).'
    };
  }
  // Measured behaviours first, strongest positive link first; the rest keep the model's order.
  const order = new Map(behaviors.map((b, i) => [b.id, i]));
  behaviors.sort((a, b) => {
    if (a.impact && b.impact)
      return b.impact.rho - a.impact.rho || (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);
    if (a.impact || b.impact) return a.impact ? -1 : 1;
    return (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0);
  });
  return { kind: 'ready', deal, behaviors };
}

/** One line on the measured link, for the card ("Stage conversion at Qualification, 2026-Q3: ..."). */
export function impactText(impact: ImpactInfo): string {
  const what =
    impact.metric === 'Stage Conversion' && impact.stage
      ? `conversion out of ${impact.stage}`
      : impact.metric.toLowerCase();
  return `Link with ${what} (${impact.period}): rho ${fmt(impact.rho)}, n = ${impact.n}, 95% interval ${fmt(impact.low)} to ${fmt(impact.high)}, ${impact.words}.`;
}
