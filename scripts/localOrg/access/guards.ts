/**
 * The access checks of a write, with Salesforce's error codes and a message naming the object, the
 * record or the field and what is missing: object permissions, references to records the user
 * cannot see, details added to masters they cannot edit, and deletes they may not make.
 */
import { sfError, type Rec, type SfError } from '../records';
import type { ObjectDef } from '../../metadata/schema';
import type { RecordAccess } from './sharing';

/** The error for a missing object permission, naming the object and the permission. */
export function noObjectAccess(obj: ObjectDef, permission: 'Create' | 'Edit' | 'Delete'): SfError {
  return sfError(
    400,
    'INSUFFICIENT_ACCESS_OR_READONLY',
    `insufficient access rights on object id: the user has no ${permission} permission on ${obj.name}`
  );
}

/** Refuses references to records the user cannot see, or masters the user cannot edit. */
export function checkReferences(
  lookup: { getById(id: string): { obj: ObjectDef; rec: Rec } | undefined },
  obj: ObjectDef,
  values: Rec,
  records: RecordAccess
): void {
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'string') continue;
    const f = obj.fieldMap.get(name.toLowerCase());
    if (!f || f.type !== 'reference' || f.name === 'OwnerId') continue;
    const target = lookup.getById(value);
    if (!target) continue;
    const allowed = f.masterDetail
      ? records.canRead(target.obj, target.rec) && records.canEditRecordLevel(target.obj, target.rec)
      : records.canRead(target.obj, target.rec);
    if (!allowed)
      throw sfError(
        400,
        'INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY',
        `insufficient access rights on cross-reference id: ${value} (${obj.name}.${f.name}: the user ${f.masterDetail ? 'cannot edit' : 'cannot see'} that ${target.obj.name} record)`,
        [f.name]
      );
  }
}

/** Refuses a delete the acting user may not make (Delete permission and ownership, hierarchy or Modify All). */
export function checkDeleteAccess(records: RecordAccess | null, obj: ObjectDef, rec: Rec): void {
  if (!records) return;
  if (!records.canRead(obj, rec)) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
  if (!records.access.object(obj).delete) throw noObjectAccess(obj, 'Delete');
  if (!records.canDelete(obj, rec))
    throw sfError(
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
      `insufficient access rights on object id: ${String(rec.Id)} (${obj.name}: only the owner, users above the owner in the role hierarchy or Modify All may delete it)`
    );
}
