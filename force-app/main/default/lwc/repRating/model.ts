/**
 * Reads the rating screen's GraphQL answer into a plain model: the rep, the role's competencies
 * grouped by dimension with their behaviours and weights, the saved assessment and ratings, the
 * bands, the level's expectation texts, metrics and opportunities. No rule is applied here.
 */
import { bandFromRecord } from 'c/scoring';
import type { CompetencyModel, PerformanceBand } from 'c/scoring';
import { NO_DIMENSION, competencyModelOf, roleWeightsOf } from 'c/scoringInputs';
import { booleanOf, displayOf, firstNodeOf, nodesOf, numberOf, textOf, valueOf } from 'c/uiApi';
import type { ObjectInfo } from 'c/uiApi';
import type { AssessmentNode, RepRatingData } from './query';

/** A behaviour to rate. */
export interface ModelBehavior {
  id: string;
  name: string;
  statement: string;
  stages: string[];
}

/** A competency of the rep's role. */
export interface ModelCompetency {
  id: string;
  name: string;
  description: string;
  weight: number;
  behaviors: ModelBehavior[];
}

/** A dimension with the role's competencies in it. */
export interface ModelDimension {
  id: string;
  name: string;
  competencies: ModelCompetency[];
}

/** A saved behaviour rating. */
export interface SavedRatingRecord {
  id: string;
  rating: string | null;
  evidence: string;
  opportunityId: string | null;
  /** Version__c as read (blank counts as 0). */
  version: number;
}

/** The saved manager assessment of the period. */
export interface SavedAssessment {
  id: string;
  name: string;
  status: string;
  assessorId: string | null;
  assessorName: string;
  scope: string | null;
  impact: string | null;
  inRamp: boolean;
  attainment: number | null;
  eligible: number | null;
  final: number | null;
  overrideReason: string;
  version: number;
  /** Save_Token__c as read: the token the next save replaces. */
  saveToken: string | null;
  metricsSyncedAt: string;
  lastModifiedDate: string | null;
  lastModifiedText: string;
  lastModifiedBy: string;
  ratings: Record<string, SavedRatingRecord>;
}

/** The rep being rated. */
export interface ModelRep {
  id: string;
  name: string;
  title: string;
  role: string | null;
  roleLabel: string;
  level: number | null;
  inRamp: boolean;
  rampEnd: string;
  managerId: string | null;
  managerName: string;
  secondManagerId: string | null;
}

/** The level's expectation texts. */
export interface ModelLevel {
  id: string;
  name: string;
  title: string;
  scopeMeeting: string;
  scopeExceeding: string;
  impactMeeting: string;
  impactExceeding: string;
}

/** Synced metrics of one period. */
export interface ModelSnapshot {
  period: string;
  attainment: number | null;
  winRate: number | null;
  won: number | null;
  lost: number | null;
  syncedAt: string;
}

/** An opportunity offered as evidence. */
export interface ModelOpportunity {
  id: string;
  name: string;
  stage: string;
  closeDate: string;
}

/** Everything the screen shows, read from one answer. */
export interface RatingModel {
  rep: ModelRep;
  dimensions: ModelDimension[];
  scoring: CompetencyModel;
  weights: Record<string, number>;
  assessment: SavedAssessment | null;
  bands: PerformanceBand[];
  /** Why the band records cannot be used, when they cannot. */
  bandError: string | null;
  level: ModelLevel | null;
  latestSnapshot: ModelSnapshot | null;
  periodSnapshot: ModelSnapshot | null;
  opportunities: ModelOpportunity[];
  objectInfos: ObjectInfo[] | null;
  /** The rep's submitted self-assessment ratings by behaviour Id (null: none this period). */
  selfRatings: Record<string, string> | null;
}

/** Why there is nothing to rate, with what to do next. */
export interface EmptyReason {
  heading: string;
  message: string;
  nextStep: string;
}

function readAssessment(node: AssessmentNode): SavedAssessment {
  const ratings: Record<string, SavedRatingRecord> = {};
  for (const rating of nodesOf(node.Behavior_Ratings__r)) {
    const behaviorId = valueOf(rating.Job_Behavior__c);
    if (!behaviorId) continue;
    ratings[behaviorId] = {
      id: rating.Id,
      rating: valueOf(rating.Rating__c),
      evidence: textOf(rating.Evidence__c),
      opportunityId: valueOf(rating.Evidence_Opportunity__c),
      version: numberOf(rating.Version__c) ?? 0
    };
  }
  return {
    id: node.Id,
    name: textOf(node.Name),
    status: textOf(node.Status__c) || 'Draft',
    assessorId: valueOf(node.Assessor__c),
    assessorName: textOf(node.Assessor__r?.Name),
    scope: valueOf(node.Scope_Rating__c),
    impact: valueOf(node.Impact_Rating__c),
    inRamp: booleanOf(node.In_Ramp__c),
    attainment: numberOf(node.Quota_Attainment__c),
    eligible: numberOf(node.Eligible_Score__c),
    final: numberOf(node.Final_Score__c),
    overrideReason: textOf(node.Override_Reason__c),
    version: numberOf(node.Version__c) ?? 0,
    saveToken: valueOf(node.Save_Token__c),
    metricsSyncedAt: displayOf(node.Metrics_Synced_At__c),
    lastModifiedDate: valueOf(node.LastModifiedDate),
    lastModifiedText: displayOf(node.LastModifiedDate),
    lastModifiedBy: textOf(node.LastModifiedBy?.Name),
    ratings
  };
}

/** Reads the answer; returns an empty reason instead when there is nothing the screen can rate. */
export function readModel(data: RepRatingData, period: string): RatingModel | EmptyReason {
  const q = data.uiapi.query;
  const repNode = firstNodeOf(q.User);
  if (!repNode) {
    return {
      heading: 'No rep to rate',
      message: 'This user could not be found, or you do not have access to their record.',
      nextStep: 'Open the rep from the Team page, or ask an admin to share the user with you.'
    };
  }
  const rep: ModelRep = {
    id: repNode.Id,
    name: textOf(repNode.Name),
    title: textOf(repNode.Title),
    role: valueOf(repNode.Sales_Role__c),
    roleLabel: displayOf(repNode.Sales_Role__c),
    level: numberOf(repNode.Career_Level__c),
    inRamp: booleanOf(repNode.In_Ramp__c),
    rampEnd: displayOf(repNode.Ramp_End_Date__c),
    managerId: valueOf(repNode.ManagerId),
    managerName: textOf(repNode.Manager?.Name),
    secondManagerId: valueOf(repNode.Manager?.ManagerId)
  };
  if (!rep.role) {
    return {
      heading: `${rep.name} has no sales role`,
      message: 'The competencies to rate depend on the sales role, and this user has none.',
      nextStep: 'An admin sets Sales Role on the user record; then reload this page.'
    };
  }
  const scoring = competencyModelOf(nodesOf(q.Competency__c));
  // Weights of competencies the user cannot read would make scoring fail: only known ones are kept.
  const weights = roleWeightsOf(nodesOf(q.Role_Competency__c), scoring).get(rep.role) ?? {};
  const dimensions: ModelDimension[] = [];
  const dimensionOrder = new Map<string, number>();
  for (const node of nodesOf(q.Competency__c)) {
    const dimensionId = valueOf(node.Dimension__c) ?? NO_DIMENSION;
    const modelBehaviors: ModelBehavior[] = nodesOf(node.Job_Behaviors__r).map((b) => ({
      id: b.Id,
      name: textOf(b.Name),
      statement: textOf(b.Statement__c),
      stages: textOf(b.Stages__c)
        .split(';')
        .map((s) => s.trim())
        .filter(Boolean)
    }));
    if (!(node.Id in weights)) continue;
    let dimension = dimensions.find((d) => d.id === dimensionId);
    if (!dimension) {
      dimension = { id: dimensionId, name: textOf(node.Dimension__r?.Name), competencies: [] };
      dimensions.push(dimension);
      dimensionOrder.set(dimensionId, numberOf(node.Dimension__r?.Sort_Order__c) ?? Number.MAX_SAFE_INTEGER);
    }
    dimension.competencies.push({
      id: node.Id,
      name: textOf(node.Name),
      description: textOf(node.Description__c),
      weight: weights[node.Id],
      behaviors: modelBehaviors
    });
  }
  dimensions.sort((a, b) => (dimensionOrder.get(a.id) ?? 0) - (dimensionOrder.get(b.id) ?? 0));
  if (!dimensions.length) {
    return {
      heading: `Nothing to rate for the ${rep.roleLabel || rep.role} role`,
      message: `No competencies are weighted for the ${rep.roleLabel || rep.role} role yet.`,
      nextStep: 'An admin adds Role Competency records for this role (or imports the default content).'
    };
  }

  let bands: PerformanceBand[] = [];
  let bandError: string | null = null;
  try {
    bands = nodesOf(q.Performance_Band__c).map((b) =>
      bandFromRecord({
        Name: textOf(b.Name),
        Key__c: textOf(b.Key__c),
        Score__c: numberOf(b.Score__c),
        Min_Attainment__c: numberOf(b.Min_Attainment__c),
        Max_Attainment__c: numberOf(b.Max_Attainment__c),
        Requires_Both_Exceeding__c: booleanOf(b.Requires_Both_Exceeding__c),
        Fallback_Score__c: numberOf(b.Fallback_Score__c)
      })
    );
  } catch (error) {
    bandError = error instanceof Error ? error.message : String(error);
  }

  const levelNode = nodesOf(q.Career_Level__c).find(
    (l) => valueOf(l.Track__c) === rep.role && numberOf(l.Level__c) === rep.level
  );
  const level: ModelLevel | null = levelNode
    ? {
        id: levelNode.Id,
        name: textOf(levelNode.Name),
        title: textOf(levelNode.Title__c),
        scopeMeeting: textOf(levelNode.Scope_Meeting__c),
        scopeExceeding: textOf(levelNode.Scope_Exceeding__c),
        impactMeeting: textOf(levelNode.Impact_Meeting__c),
        impactExceeding: textOf(levelNode.Impact_Exceeding__c)
      }
    : null;

  const snapshots: ModelSnapshot[] = nodesOf(q.Performance_Snapshot__c).map((s) => ({
    period: textOf(s.Period__c),
    attainment: numberOf(s.Quota_Attainment__c),
    winRate: numberOf(s.Win_Rate__c),
    won: numberOf(s.Won_Count__c),
    lost: numberOf(s.Lost_Count__c),
    syncedAt: displayOf(s.Synced_At__c)
  }));
  const assessmentNode = firstNodeOf(q.Assessment__c);
  return {
    rep,
    dimensions,
    scoring,
    weights,
    assessment: assessmentNode ? readAssessment(assessmentNode) : null,
    bands,
    bandError,
    level,
    latestSnapshot: snapshots[0] ?? null,
    periodSnapshot: snapshots.find((s) => s.period === period) ?? null,
    opportunities: nodesOf(q.Opportunity).map((o) => ({
      id: o.Id,
      name: textOf(o.Name),
      stage: textOf(o.StageName),
      closeDate: displayOf(o.CloseDate)
    })),
    objectInfos: data.uiapi.objectInfos ?? null,
    selfRatings: readSelfRatings(q.SelfAssessment)
  };
}

/** The ratings of the rep's submitted self-assessment, by behaviour Id. */
function readSelfRatings(
  connection: RepRatingData['uiapi']['query']['SelfAssessment']
): Record<string, string> | null {
  const node = firstNodeOf(connection);
  if (!node) return null;
  const ratings: Record<string, string> = {};
  for (const r of nodesOf(node.Behavior_Ratings__r)) {
    const behavior = textOf(r.Job_Behavior__c);
    const rating = textOf(r.Rating__c);
    if (behavior && rating) ratings[behavior] = rating;
  }
  return ratings;
}

/** True when the read gave an empty reason rather than a model. */
export function isEmptyReason(result: RatingModel | EmptyReason): result is EmptyReason {
  return (result as RatingModel).rep === undefined;
}
