/**
 * The part of the schema one user can see: the objects they may read and, on each, the fields
 * field-level security shows them. The UI API builds its GraphQL schema from this, as Salesforce's
 * does per user, so a query naming a hidden object or field fails validation.
 */
import { Schema, type FieldDef, type ObjectDef } from '../../metadata/schema';
import type { UserAccess } from './policy';

const views = new WeakMap<Schema, Map<string, Schema>>();

/** A key that is equal for users with the same profile powers and permission sets. */
function signature(access: UserAccess): string {
  return [
    access.profileName,
    access.viewAllData ? 'VAD' : '',
    access.modifyAllData ? 'MAD' : '',
    ...access.permissionSets.map((p) => p.name).sort()
  ].join('|');
}

function visibleObject(obj: ObjectDef, access: UserAccess): ObjectDef {
  const grant = access.object(obj);
  const fields = obj.fields
    .filter((f) => access.canReadField(obj, f))
    .map((f) => {
      const edit = access.canEditField(obj, f);
      return {
        ...f,
        createable: f.createable && grant.create && edit,
        updateable: f.updateable && grant.edit && edit
      };
    });
  const fieldMap = new Map(fields.map((f) => [f.name.toLowerCase(), f]));
  const relationshipMap = new Map(
    [...obj.relationshipMap]
      .filter(([, f]) => fieldMap.has(f.name.toLowerCase()))
      .map(([k, f]) => [k, fieldMap.get(f.name.toLowerCase()) as FieldDef])
  );
  return {
    ...obj,
    createable: obj.createable && grant.create,
    updateable: obj.updateable && grant.edit,
    deletable: obj.deletable && grant.delete,
    fields,
    fieldMap,
    relationshipMap,
    childRelationships: []
  };
}

/** The schema as this user sees it (shared between users with the same access signature). */
export function visibleSchema(schema: Schema, access: UserAccess): Schema {
  let byKey = views.get(schema);
  if (!byKey) {
    byKey = new Map();
    views.set(schema, byKey);
  }
  const key = signature(access);
  const hit = byKey.get(key);
  if (hit) return hit;
  const view = new Schema();
  view.customPermissions = schema.customPermissions;
  view.permissionSets = schema.permissionSets;
  for (const obj of schema.list()) if (access.object(obj).read) view.add(visibleObject(obj, access));
  // child relationships: those whose child object and reference field the user can see
  for (const obj of schema.list()) {
    const parent = view.find(obj.name);
    if (!parent) continue;
    parent.childRelationships = obj.childRelationships.filter((rel) =>
      view.find(rel.childSObject)?.fieldMap.has(rel.field.toLowerCase())
    );
  }
  byKey.set(key, view);
  return view;
}
