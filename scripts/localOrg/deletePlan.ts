/**
 * What deleting a record does to the records around it, worked out before anything changes: the
 * records that go with it (master-detail children, Cascade lookups), the lookups that block it
 * (Restrict: DELETE_FAILED naming the referencing records) and the lookups that are cleared (SetNull).
 */
import type { FieldDef, ObjectDef, Schema } from '../metadata/schema';
import type { Rec } from './store';

/** The rule a reference field applies when the record it points at is deleted. */
export type DeleteRule = 'Cascade' | 'Restrict' | 'SetNull';

/** One record of a delete plan. */
export interface PlannedRecord {
  obj: ObjectDef;
  rec: Rec;
}

/** A lookup value the delete clears. */
export interface ClearedLookup extends PlannedRecord {
  field: string;
}

/** Everything one delete changes. */
export interface DeletePlan {
  /** The record asked for first, then what is deleted with it. */
  deleted: PlannedRecord[];
  /** SetNull lookups on surviving records that pointed at a deleted record. */
  cleared: ClearedLookup[];
  /** Why the delete must be refused (a Restrict lookup on a surviving record), or null. */
  refusal: string | null;
}

/** What the planner needs from the store. */
export interface DeleteSource {
  schema: Schema;
  /** Live records of `child` whose reference field `field` holds one of the ids. */
  referencing: (child: ObjectDef, field: FieldDef, ids: ReadonlySet<string>) => Rec[];
}

/** Salesforce lists this many referencing records in a DELETE_FAILED message. */
const NAMES_LISTED = 10;

/**
 * The rule of a reference field: master-detail children go with their parent; a lookup follows its
 * deleteConstraint. Without one an optional lookup is cleared; a required custom lookup blocks, while
 * a required standard one (history rows and the like) goes with its parent, as the platform does.
 */
export function deleteRuleOf(f: FieldDef): DeleteRule {
  if (f.masterDetail) return 'Cascade';
  if (f.deleteConstraint) return f.deleteConstraint;
  if (!f.required && f.nillable) return 'SetNull';
  return f.custom ? 'Restrict' : 'Cascade';
}

function nameOf(obj: ObjectDef, rec: Rec): string {
  const nameField = obj.fields.find((f) => f.nameField);
  const v = nameField ? rec[nameField.name] : null;
  return v === null || v === undefined || v === '' ? String(rec.Id) : String(v);
}

interface Reference {
  child: ObjectDef;
  field: FieldDef;
  rule: DeleteRule;
}

function referencesTo(schema: Schema, obj: ObjectDef): Reference[] {
  const out: Reference[] = [];
  for (const rel of obj.childRelationships) {
    const child = schema.find(rel.childSObject);
    const field = child?.fieldMap.get(rel.field.toLowerCase());
    if (!child || !field) continue;
    out.push({ child, field, rule: deleteRuleOf(field) });
  }
  return out;
}

/**
 * Plans the delete of one record. The plan carries a refusal (Salesforce's DELETE_FAILED message) when
 * a Restrict lookup on a record that survives points at the record or at anything deleted with it.
 */
export function planDelete(source: DeleteSource, obj: ObjectDef, rec: Rec): DeletePlan {
  const deleted: PlannedRecord[] = [{ obj, rec }];
  const doomed = new Set<string>([rec.Id as string]);
  // breadth first, one pass over each referencing table per level and object
  let frontier = new Map<ObjectDef, Set<string>>([[obj, new Set([rec.Id as string])]]);
  while (frontier.size) {
    const next = new Map<ObjectDef, Set<string>>();
    for (const [parent, ids] of frontier) {
      for (const ref of referencesTo(source.schema, parent)) {
        if (ref.rule !== 'Cascade') continue;
        for (const kid of source.referencing(ref.child, ref.field, ids)) {
          const id = kid.Id as string;
          if (doomed.has(id)) continue;
          doomed.add(id);
          deleted.push({ obj: ref.child, rec: kid });
          let set = next.get(ref.child);
          if (!set) next.set(ref.child, (set = new Set()));
          set.add(id);
        }
      }
    }
    frontier = next;
  }

  const byType = new Map<ObjectDef, Set<string>>();
  for (const d of deleted) {
    let set = byType.get(d.obj);
    if (!set) byType.set(d.obj, (set = new Set()));
    set.add(d.rec.Id as string);
  }
  const cleared: ClearedLookup[] = [];
  for (const [parent, ids] of byType) {
    for (const ref of referencesTo(source.schema, parent)) {
      if (ref.rule === 'Cascade') continue;
      const survivors = source
        .referencing(ref.child, ref.field, ids)
        .filter((r) => !doomed.has(r.Id as string));
      if (survivors.length === 0) continue;
      if (ref.rule === 'SetNull') {
        for (const r of survivors) cleared.push({ obj: ref.child, rec: r, field: ref.field.name });
        continue;
      }
      const target = deleted.find((d) => d.rec.Id === survivors[0][ref.field.name]) as PlannedRecord;
      const blockers = survivors.filter((r) => r[ref.field.name] === target.rec.Id);
      const names = blockers.slice(0, NAMES_LISTED).map((r) => nameOf(ref.child, r));
      const refusal =
        `Your attempt to delete ${nameOf(target.obj, target.rec)} could not be completed because it is ` +
        `associated with the following ${ref.child.labelPlural.toLowerCase()}.: ${names.join(', ')}` +
        (blockers.length > NAMES_LISTED ? ', ...' : '');
      return { deleted, cleared: [], refusal };
    }
  }
  return { deleted, cleared, refusal: null };
}
