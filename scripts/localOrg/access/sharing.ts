/**
 * Record-level access as Salesforce computes it for this package: the object's organization-wide
 * default, record ownership, the role hierarchy (users above the owner's role get the owner's
 * access where the object grants access using hierarchies), master-detail children following their
 * parent, View All / Modify All on the object and the profile's View All Data / Modify All Data.
 * The package declares no sharing rules (the validator would list a sharingRules folder).
 */
import type { ObjectDef } from '../../metadata/schema';
import type { Rec, Store } from '../store';
import type { UserAccess } from './policy';

/** What one user may do with records: one instance per request, memoising role lookups. */
export class RecordAccess {
  private readonly aboveMemo = new Map<string, boolean>();
  private readonly userRole: string | null;

  constructor(
    private readonly store: Store,
    readonly access: UserAccess
  ) {
    this.userRole = this.roleOf(access.userId);
  }

  private roleOf(userId: string): string | null {
    const u = this.store.table('User').byId.get(userId);
    return typeof u?.UserRoleId === 'string' ? u.UserRoleId : null;
  }

  /** Whether the acting user's role sits above the owner's role in the hierarchy. */
  private isAbove(ownerId: string): boolean {
    const hit = this.aboveMemo.get(ownerId);
    if (hit !== undefined) return hit;
    let result = false;
    if (this.userRole) {
      const roles = this.store.table('UserRole').byId;
      let role = this.roleOf(ownerId);
      const seen = new Set<string>();
      // the owner's own role does not count: peers in one role do not see each other's records
      role = role ? ((roles.get(role)?.ParentRoleId as string | null) ?? null) : null;
      while (role && !seen.has(role)) {
        if (role === this.userRole) {
          result = true;
          break;
        }
        seen.add(role);
        role = (roles.get(role)?.ParentRoleId as string | null) ?? null;
      }
    }
    this.aboveMemo.set(ownerId, result);
    return result;
  }

  /** Whether the acting user owns the record or sits above its owner (where hierarchies grant access). */
  private ownsOrAbove(obj: ObjectDef, rec: Rec): boolean {
    const ownerId = obj.ownerField ? rec[obj.ownerField] : null;
    if (typeof ownerId !== 'string') return false;
    if (ownerId === this.access.userId) return true;
    return obj.grantsAccessUsingHierarchies && this.isAbove(ownerId);
  }

  /** The master record a detail record's access follows, or undefined for other records. */
  private masterOf(obj: ObjectDef, rec: Rec): { obj: ObjectDef; rec: Rec } | null | undefined {
    if (obj.sharingModel !== 'ControlledByParent') return undefined;
    const md = obj.controlledBy
      ? obj.fieldMap.get(obj.controlledBy.toLowerCase())
      : obj.fields.find((f) => f.masterDetail);
    if (!md) return undefined;
    const id = rec[md.name];
    if (typeof id !== 'string') return null;
    const parent = this.store.table(md.referenceTo[0]);
    const prec = parent.byId.get(id);
    return prec ? { obj: parent.obj, rec: prec } : null;
  }

  /** Whether every record of the object is readable, so per-row checks can be skipped. */
  readsAll(obj: ObjectDef): boolean {
    const a = this.access;
    if (a.viewAllData || a.modifyAllData) return true;
    const g = a.object(obj);
    if (!g.read) return false;
    if (g.viewAll) return true;
    if (obj.name === 'ForecastingQuota' && a.hasUserPermission('ViewAllForecasts')) return true;
    return obj.sharingModel === 'Read' || obj.sharingModel === 'ReadWrite';
  }

  /** Whether the user may read this record (object permission included). */
  canRead(obj: ObjectDef, rec: Rec): boolean {
    if (this.readsAll(obj)) return true;
    if (!this.access.object(obj).read) return false;
    const master = this.masterOf(obj, rec);
    if (master !== undefined) return master !== null && this.canRead(master.obj, master.rec);
    return this.ownsOrAbove(obj, rec);
  }

  /** Whether the user may edit this record (object Edit permission included). */
  canEdit(obj: ObjectDef, rec: Rec): boolean {
    return this.access.modifyAllData || (this.access.object(obj).edit && this.canEditRecordLevel(obj, rec));
  }

  /** Record-level edit access regardless of the object permission (also what a detail's master needs). */
  canEditRecordLevel(obj: ObjectDef, rec: Rec): boolean {
    if (this.access.modifyAllData || this.access.object(obj).modifyAll) return true;
    const master = this.masterOf(obj, rec);
    if (master !== undefined) return master !== null && this.canEditRecordLevel(master.obj, master.rec);
    if (obj.sharingModel === 'ReadWrite') return true;
    return this.ownsOrAbove(obj, rec);
  }

  /** Whether the user may delete the record: Delete permission and ownership, hierarchy or Modify All. */
  canDelete(obj: ObjectDef, rec: Rec): boolean {
    if (this.access.modifyAllData) return true;
    const g = this.access.object(obj);
    if (!g.delete) return false;
    if (g.modifyAll) return true;
    const master = this.masterOf(obj, rec);
    if (master !== undefined) return master !== null && this.canEditRecordLevel(master.obj, master.rec);
    return this.ownsOrAbove(obj, rec);
  }
}
