/**
 * Opportunity stage history in the local org, as Salesforce keeps it: the OpportunityStage rows
 * that give the stage picklist its order and meaning, one OpportunityHistory row when an
 * opportunity is created and one whenever its stage, amount, close date or probability changes
 * through the API, and the generator the seed uses to write a consistent history for the
 * opportunities it inserts directly.
 */
import { OPPORTUNITY_STAGES, type ObjectDef } from '../metadata/schema';
import type { Rec, SfValue, Store } from './store';

const STAGE_BY_NAME = new Map(OPPORTUNITY_STAGES.map((s) => [s.name, s]));

/** The fields whose change writes an OpportunityHistory row (as in Salesforce). */
const TRACKED = ['StageName', 'Amount', 'CloseDate', 'Probability', 'ForecastCategoryName'] as const;

/** OpportunityHistory.ForecastCategory is the API name of the opportunity's forecast category. */
function forecastCategory(rec: Rec): SfValue {
  const name = rec.ForecastCategoryName;
  if (name === 'Best Case') return 'BestCase';
  if (name === 'Commit') return 'Forecast';
  if (typeof name === 'string') return name;
  const stage = OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName);
  if (!stage) return null;
  return stage.closed ? (stage.won ? 'Closed' : 'Omitted') : 'Pipeline';
}

/** Writes the org's OpportunityStage rows (the standard stages, in order) unless they are there. */
export function seedOpportunityStages(store: Store): void {
  if (!store.schema.find('OpportunityStage')) return;
  const table = store.table('OpportunityStage');
  if (table.rows.length) return;
  OPPORTUNITY_STAGES.forEach((s, i) =>
    store.insertRaw('OpportunityStage', {
      ApiName: s.name,
      MasterLabel: s.name,
      SortOrder: i + 1,
      IsActive: true,
      IsClosed: s.closed,
      IsWon: s.won,
      DefaultProbability: s.probability,
      ForecastCategoryName: s.closed ? (s.won ? 'Closed' : 'Omitted') : 'Pipeline'
    })
  );
}

/**
 * Called by the store after an API create (before = null) or update of any record: for an
 * opportunity whose tracked fields are new or changed, writes one OpportunityHistory row with the
 * values after the save, stamped with the save's time. The row joins the write's transaction.
 */
export function recordOpportunityHistory(store: Store, obj: ObjectDef, rec: Rec, before: Rec | null): void {
  if (obj.name !== 'Opportunity' || !store.schema.find('OpportunityHistory')) return;
  if (before && TRACKED.every((f) => before[f] === rec[f])) return;
  store.create(
    'OpportunityHistory',
    {
      OpportunityId: rec.Id,
      StageName: rec.StageName,
      FromOpportunityStageName: before && before.StageName !== rec.StageName ? before.StageName : null,
      Amount: rec.Amount,
      CloseDate: rec.CloseDate,
      Probability: rec.Probability,
      ForecastCategory: forecastCategory(rec),
      CreatedDate: rec.LastModifiedDate
    },
    { system: true }
  );
}

/** The text a history row keeps of a value (anyType in Salesforce): null stays null. */
function historyText(value: SfValue): string | null {
  if (value === null || value === undefined) return null;
  return String(value);
}

/**
 * Called by the store after an API create (before = null) or update of any record: for an object
 * with field history (a `<Name>__History` object exists), writes a `created` row on create and one
 * row per tracked field whose value changed, stamped with the save's time and user. The rows join
 * the write's transaction.
 */
export function recordFieldHistory(store: Store, obj: ObjectDef, rec: Rec, before: Rec | null): void {
  if (!obj.custom || !obj.name.endsWith('__c')) return;
  const name = obj.name.replace(/__c$/, '__History');
  if (!store.schema.find(name)) return;
  const row = (fieldName: string, dataType: string, oldValue: SfValue, newValue: SfValue): void => {
    store.create(
      name,
      {
        ParentId: rec.Id,
        Field: fieldName,
        DataType: dataType,
        OldValue: historyText(oldValue),
        NewValue: historyText(newValue),
        CreatedDate: rec.LastModifiedDate,
        CreatedById: rec.LastModifiedById
      },
      { system: true }
    );
  };
  if (!before) {
    row('created', '', null, null);
    return;
  }
  for (const f of obj.fields) {
    if (f.trackHistory && before[f.name] !== rec[f.name]) row(f.name, f.type, before[f.name], rec[f.name]);
  }
}

/** One step of a generated stage path: the stage entered and the datetime text of the change. */
export interface HistoryStep {
  stage: string;
  at: string;
}

/**
 * Inserts the history of a seeded opportunity: one row per step, in order, each with the stage's
 * default probability and the opportunity's amount and close date (fast path for the seed, no
 * validation). The last step must be the opportunity's current stage.
 */
export function insertOpportunityHistory(
  store: Store,
  opportunity: Rec,
  steps: readonly HistoryStep[]
): number {
  let previous: SfValue = null;
  for (const step of steps) {
    const def = STAGE_BY_NAME.get(step.stage);
    if (!def) throw new Error(`Unknown opportunity stage ${step.stage}`);
    store.insertRaw('OpportunityHistory', {
      OpportunityId: opportunity.Id,
      StageName: def.name,
      FromOpportunityStageName: previous,
      Amount: opportunity.Amount,
      CloseDate: opportunity.CloseDate,
      Probability: def.probability,
      ForecastCategory: def.closed ? (def.won ? 'Closed' : 'Omitted') : 'Pipeline',
      CreatedDate: step.at,
      CreatedById: opportunity.OwnerId,
      SystemModstamp: step.at
    });
    previous = def.name;
  }
  const last = steps[steps.length - 1];
  if (last && last.stage !== opportunity.StageName)
    throw new Error(
      `History of ${String(opportunity.Id)} ends at ${last.stage}, not its stage ${String(opportunity.StageName)}`
    );
  return steps.length;
}
