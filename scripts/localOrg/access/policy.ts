/**
 * Object and field permissions of one user, as Salesforce derives them: the profile (System
 * Administrator's View All Data and Modify All Data, or a standard profile's rights on standard
 * objects) plus the union of the permission sets assigned through PermissionSetAssignment records.
 */
import type { FieldGrant, ObjectGrant, PermissionSetDef } from '../../metadata/permissionSets';
import type { FieldDef, ObjectDef, Schema } from '../../metadata/schema';
import type { Rec } from '../store';

/** The package's permission sets by persona. */
export const PERMISSION_SETS = {
  admin: 'Sales_Competency_Admin',
  manager: 'Sales_Competency_Manager',
  rep: 'Sales_Competency_Rep',
  sync: 'Sales_Competency_Sync',
  calibrator: 'Sales_Competency_Calibrator'
} as const;

/** The username of the metrics sync's integration user in the sample org. */
export const SYNC_USERNAME = 'sync@local.org';

/** The profiles the local org knows and what each grants on standard objects. */
export const PROFILES = {
  admin: 'System Administrator',
  standard: 'Standard User',
  integration: 'Minimum Access - API Only Integrations'
} as const;

const NONE: ObjectGrant = {
  read: false,
  create: false,
  edit: false,
  delete: false,
  viewAll: false,
  modifyAll: false
};
const R: ObjectGrant = { ...NONE, read: true };
const RCED: ObjectGrant = { ...NONE, read: true, create: true, edit: true, delete: true };
const ALL: ObjectGrant = {
  read: true,
  create: true,
  edit: true,
  delete: true,
  viewAll: true,
  modifyAll: true
};

/** Objects every user reads (setup data every profile sees). */
const EVERYONE_READS = [
  'User',
  'UserRole',
  'Profile',
  'Organization',
  'Period',
  'ForecastingType',
  'OpportunityStage'
];

/** System permissions that open objects: View All Forecasts reads every forecasting quota. */
const USER_PERMISSION_GRANTS: Record<string, Record<string, ObjectGrant>> = {
  ViewAllForecasts: { ForecastingQuota: { ...NONE, read: true, viewAll: true } }
};

/** Standard-object rights of the non-admin profiles, object name to grant. */
const PROFILE_GRANTS: Record<string, Record<string, ObjectGrant>> = {
  [PROFILES.standard]: {
    ...Object.fromEntries(EVERYONE_READS.map((o) => [o, R])),
    PermissionSet: R,
    PermissionSetAssignment: R,
    ForecastingQuota: R,
    Account: RCED,
    Opportunity: RCED,
    Lead: RCED
  },
  [PROFILES.integration]: Object.fromEntries(EVERYONE_READS.map((o) => [o, R]))
};

/** Fields Salesforce does not put under field-level security: always visible with the object. */
function alwaysVisible(f: FieldDef): boolean {
  return !f.custom || f.masterDetail || (f.required && !f.nillable) || f.nameField;
}

/** Everything one user may do on objects and fields, independent of any one record. */
export class UserAccess {
  private readonly objectCache = new Map<string, ObjectGrant>();
  private readonly fieldGrants = new Map<string, FieldGrant>();

  constructor(
    readonly userId: string,
    readonly profileName: string,
    /** System Administrator powers. */
    readonly viewAllData: boolean,
    readonly modifyAllData: boolean,
    readonly permissionSets: PermissionSetDef[],
    private readonly schema?: Schema
  ) {
    for (const ps of permissionSets)
      for (const [key, g] of ps.fields) {
        const k = key.toLowerCase();
        const had = this.fieldGrants.get(k);
        this.fieldGrants.set(k, {
          read: (had?.read ?? false) || g.read,
          edit: (had?.edit ?? false) || g.edit
        });
      }
  }

  /** Custom permissions from the assigned permission sets. */
  get customPermissions(): Set<string> {
    return new Set(this.permissionSets.flatMap((p) => [...p.customPermissions]));
  }

  /** Whether a system permission (ViewAllForecasts...) is granted. */
  hasUserPermission(name: string): boolean {
    return this.permissionSets.some((p) => p.userPermissions.has(name));
  }

  /** The combined object grant (profile plus permission sets); View All implies Read, Modify All all but Create. */
  object(obj: ObjectDef): ObjectGrant {
    const cached = this.objectCache.get(obj.name);
    if (cached) return cached;
    let g: ObjectGrant = { ...NONE };
    const parent = this.followedParent(obj);
    if (parent) {
      // history-like standard objects: readable by whoever reads the parent object, never written
      g = { ...NONE, read: this.object(parent).read };
      this.objectCache.set(obj.name, g);
      return g;
    }
    if (this.modifyAllData) g = { ...ALL };
    else {
      const fromProfile = PROFILE_GRANTS[this.profileName]?.[obj.name];
      if (fromProfile) g = { ...fromProfile };
      if (this.viewAllData) g = { ...g, read: true, viewAll: true };
      const grants = [...this.permissionSets.flatMap((ps) => [...ps.userPermissions])]
        .map((perm) => USER_PERMISSION_GRANTS[perm]?.[obj.name])
        .filter((x): x is ObjectGrant => x !== undefined);
      for (const p of grants) g = { ...g, read: g.read || p.read, viewAll: g.viewAll || p.viewAll };
      for (const ps of this.permissionSets) {
        const p = [...ps.objects].find(([name]) => name.toLowerCase() === obj.name.toLowerCase())?.[1];
        if (!p) continue;
        g = {
          read: g.read || p.read,
          create: g.create || p.create,
          edit: g.edit || p.edit,
          delete: g.delete || p.delete,
          viewAll: g.viewAll || p.viewAll,
          modifyAll: g.modifyAll || p.modifyAll
        };
      }
      // Modify All Records implies Read, Edit, Delete and View All, but not Create
      if (g.modifyAll) g = { ...g, read: true, edit: true, delete: true, viewAll: true };
      else if (g.viewAll) g.read = true;
    }
    this.objectCache.set(obj.name, g);
    return g;
  }

  /** The parent object a standard ControlledByParent object (OpportunityHistory) takes its object access from. */
  private followedParent(obj: ObjectDef): ObjectDef | undefined {
    if (obj.custom || !obj.controlledBy || !this.schema) return undefined;
    const ref = obj.fieldMap.get(obj.controlledBy.toLowerCase());
    return ref ? this.schema.find(ref.referenceTo[0]) : undefined;
  }

  /** Whether the user sees the field at all (object read plus field-level security). */
  canReadField(obj: ObjectDef, f: FieldDef): boolean {
    if (this.modifyAllData || this.viewAllData) return true;
    if (!this.object(obj).read) return false;
    if (alwaysVisible(f)) return true;
    return this.fieldGrants.get(`${obj.name}.${f.name}`.toLowerCase())?.read === true;
  }

  /** Whether field-level security lets the user write the field (the schema's createable/updateable still apply). */
  canEditField(obj: ObjectDef, f: FieldDef): boolean {
    if (this.modifyAllData) return true;
    if (!this.canReadField(obj, f)) return false;
    if (alwaysVisible(f)) return true;
    return this.fieldGrants.get(`${obj.name}.${f.name}`.toLowerCase())?.edit === true;
  }
}

/** Builds a user's access from their profile and permission-set assignments in the store. */
export function userAccessFor(
  schema: Schema,
  lookup: {
    user: (id: string) => Rec | undefined;
    profile: (id: string) => Rec | undefined;
    assignments: (userId: string) => string[];
  },
  userId: string
): UserAccess {
  const user = lookup.user(userId);
  if (!user) throw new Error(`no user with id ${userId}`);
  const profile = typeof user.ProfileId === 'string' ? lookup.profile(user.ProfileId) : undefined;
  const sets: PermissionSetDef[] = [];
  for (const name of lookup.assignments(userId)) {
    const def = schema.permissionSets.get(name);
    if (def) sets.push(def);
  }
  return new UserAccess(
    userId,
    String(profile?.Name ?? ''),
    profile?.PermissionsViewAllData === true,
    profile?.PermissionsModifyAllData === true,
    sets,
    schema
  );
}
