/**
 * Sessions of the local org: access tokens mapped to users. The administrator's token (the one
 * `org:start` prints) acts with full power; any other seeded user gets a token of their own, and each
 * request made with it acts as that user, with their profile, permission sets and record access.
 */
import { randomBytes } from 'node:crypto';
import { normalizeId } from '../../metadata/ids';
import type { Store } from '../store';
import type { Actor } from './context';
import { userAccessFor } from './policy';
import { RecordAccess } from './sharing';

/** The token registry of one local org. */
export class Sessions {
  private readonly users = new Map<string, string>();
  private readonly tokens = new Map<string, string>();

  constructor(
    private readonly store: Store,
    /** The administrator's token: full access, the store's default custom permissions. */
    readonly adminToken: string,
    private readonly adminUserId: string
  ) {}

  /** The user id for a username or id, or an error naming what was not found. */
  userIdOf(usernameOrId: string): string {
    const id = normalizeId(usernameOrId);
    const users = this.store.table('User');
    const byId = id ? users.byId.get(id) : undefined;
    const rec =
      byId ??
      users.rows.find(
        (r) => String(r.Username).toLowerCase() === usernameOrId.trim().toLowerCase() && !r.IsDeleted
      );
    if (!rec) throw new Error(`no user with username or id '${usernameOrId}'`);
    if (rec.IsActive === false) throw new Error(`user '${String(rec.Username)}' is inactive`);
    return rec.Id as string;
  }

  /** A token acting as the user (the same one on every call for that user). */
  tokenFor(usernameOrId: string): string {
    const userId = this.userIdOf(usernameOrId);
    if (userId === this.adminUserId) return this.adminToken;
    const had = this.tokens.get(userId);
    if (had) return had;
    const token = `${this.adminToken.split('!')[0]}!${randomBytes(24).toString('base64url')}`;
    this.tokens.set(userId, token);
    this.users.set(token, userId);
    return token;
  }

  /** The actor for a token, or undefined when the token opens no session. */
  resolve(token: string | undefined): Actor | undefined {
    if (!token) return undefined;
    if (token === this.adminToken)
      return {
        userId: this.store.userOutsideRequests(),
        permissions: this.store.permissionsOutsideRequests(),
        records: null
      };
    const userId = this.users.get(token);
    if (!userId) return undefined;
    const user = this.store.table('User').byId.get(userId);
    if (!user || user.IsActive === false || user.IsDeleted) return undefined;
    const access = userAccessFor(
      this.store.schema,
      {
        user: (id) => this.store.table('User').byId.get(id),
        profile: (id) => this.store.table('Profile').byId.get(id),
        assignments: (id) => this.store.assignedPermissionSets(id)
      },
      userId
    );
    return { userId, permissions: access.customPermissions, records: new RecordAccess(this.store, access) };
  }
}
