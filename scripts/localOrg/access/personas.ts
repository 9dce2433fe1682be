/**
 * The people of the sample org the demo and the browser tests act as, found from the seeded data
 * itself (roles, permission-set assignments), so they are the same after a restart from a data file.
 */
import type { Rec, Store } from '../store';
import { PERMISSION_SETS, SYNC_USERNAME } from './policy';

/** One persona: who to act as. */
export interface Persona {
  id: string;
  username: string;
  name: string;
}

/** The personas of an org; only admin is certain (the others exist when a sales team was seeded). */
export interface Personas {
  admin: Persona;
  manager?: Persona;
  rep?: Persona;
  calibrator?: Persona;
  leader?: Persona;
  sync?: Persona;
}

const ADMIN_USERNAME = 'admin@local.org';

function persona(rec: Rec | undefined): Persona | undefined {
  return rec ? { id: rec.Id as string, username: String(rec.Username), name: String(rec.Name) } : undefined;
}

/** Finds the personas: the admin, the VP (leader), team 1's manager and first rep, team 2's manager (calibrator), the sync user. */
export function findPersonas(store: Store): Personas {
  const users = store.table('User').rows.filter((u) => !u.IsDeleted && u.IsActive !== false);
  const roles = store.table('UserRole').rows.filter((r) => !r.IsDeleted);
  const roleId = (dev: string): string | undefined =>
    roles.find((r) => r.DeveloperName === dev)?.Id as string;
  const inRole = (dev: string): Rec | undefined => {
    const id = roleId(dev);
    return id ? users.find((u) => u.UserRoleId === id) : undefined;
  };
  const has = (u: Rec | undefined, set: string): boolean =>
    u !== undefined && store.assignedPermissionSets(u.Id as string).includes(set);
  const admin = users.find((u) => u.Username === ADMIN_USERNAME) ?? users[0];
  const calibrator = inRole('Sales_Team_2');
  return {
    admin: persona(admin) as Persona,
    leader: persona(inRole('VP_Sales')),
    manager: persona(inRole('Sales_Team_1')),
    rep: persona(inRole('Sales_Team_1_Reps')),
    calibrator: has(calibrator, PERMISSION_SETS.calibrator) ? persona(calibrator) : undefined,
    sync: persona(users.find((u) => u.Username === SYNC_USERNAME))
  };
}
