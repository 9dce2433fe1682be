/**
 * Reads the scoring library's inputs out of a UI API GraphQL answer: the competency model
 * (competencies with their behaviours), each sales role's competency weights and an assessment's
 * ratings. Every screen that scores ratings reads them here, so a blank weight or an unreadable
 * dimension means the same on every screen.
 */
import type { CompetencyModel, RatingInput } from 'c/scoring';
import { nodesOf, numberOf, valueOf } from 'c/uiApi';
import type { Connection, FieldValue } from 'c/uiApi';

/** The dimension key of a competency whose dimension the user cannot read. */
export const NO_DIMENSION = 'none';

/** A Competency__c node with its behaviours, as every scoring query selects it. */
export interface CompetencyInputNode {
  Id: string;
  Dimension__c: FieldValue<string>;
  Job_Behaviors__r: Connection<{ Id: string }> | null;
}

/** A Role_Competency__c node. */
export interface RoleCompetencyInputNode {
  Sales_Role__c: FieldValue<string>;
  Competency__c: FieldValue<string>;
  Weight__c: FieldValue<number>;
}

/** A Behavior_Rating__c node. */
export interface RatingInputNode {
  Job_Behavior__c: FieldValue<string>;
  Rating__c: FieldValue<string>;
}

/** The competency model keyed by record Ids, in the answer's order. */
export function competencyModelOf(competencies: readonly CompetencyInputNode[]): CompetencyModel {
  return {
    competencies: competencies.map((c) => ({
      key: c.Id,
      dimensionKey: valueOf(c.Dimension__c) ?? NO_DIMENSION
    })),
    behaviors: competencies.flatMap((c) =>
      nodesOf(c.Job_Behaviors__r).map((b) => ({ key: b.Id, competencyKey: c.Id }))
    )
  };
}

/**
 * Each sales role's competency weights. A blank weight counts as 1, the field's default; a
 * competency missing from the model (the user cannot read it) is left out, since scoring refuses
 * weights of unknown competencies.
 */
export function roleWeightsOf(
  roleCompetencies: readonly RoleCompetencyInputNode[],
  model: CompetencyModel
): Map<string, Record<string, number>> {
  const known = new Set(model.competencies.map((c) => c.key));
  const roles = new Map<string, Record<string, number>>();
  for (const rc of roleCompetencies) {
    const role = valueOf(rc.Sales_Role__c);
    const competency = valueOf(rc.Competency__c);
    if (!role || !competency || !known.has(competency)) continue;
    const weights = roles.get(role) ?? {};
    weights[competency] = numberOf(rc.Weight__c) ?? 1;
    roles.set(role, weights);
  }
  return roles;
}

/** An assessment's ratings by behaviour Id (blank ratings included, as unrated). */
export function ratingsOf(
  ratings: Connection<RatingInputNode> | null | undefined
): Record<string, RatingInput> {
  const out: Record<string, RatingInput> = {};
  for (const r of nodesOf(ratings)) {
    const behavior = valueOf(r.Job_Behavior__c);
    if (behavior) out[behavior] = valueOf(r.Rating__c) as RatingInput;
  }
  return out;
}
