/**
 * Test-control routes for sessions: the administrator's token opens a session as any user (the
 * preview server does this server-side, so no token reaches a browser) and lists the personas.
 * Local-only: a real org hands out sessions through OAuth, never like this.
 */
import type { LocalOrgServer } from '../server';
import { sfError } from '../store';
import { findPersonas } from './personas';

/** Mounts `POST /__localorg/sessions` and `GET /__localorg/personas`. */
export function mountSessionRoutes(server: LocalOrgServer): void {
  const adminOnly = (token: string): void => {
    if (token !== server.sessions.adminToken)
      throw sfError(
        403,
        'INSUFFICIENT_ACCESS',
        'Only the administrator token may open sessions for other users'
      );
  };
  server.route(
    'POST',
    '/__localorg/sessions',
    async (ctx) => {
      adminOnly(ctx.token);
      const body = (await ctx.json()) as { username?: unknown } | undefined;
      const username = typeof body?.username === 'string' ? body.username : '';
      if (!username) throw sfError(400, 'REQUIRED_FIELD_MISSING', 'username is required', ['username']);
      let token: string;
      try {
        token = server.sessions.tokenFor(username);
      } catch (e) {
        throw sfError(404, 'NOT_FOUND', (e as Error).message, ['username']);
      }
      const userId = server.sessions.userIdOf(username);
      const user = ctx.store.table('User').byId.get(userId);
      return {
        status: 200,
        body: {
          access_token: token,
          instance_url: server.url,
          id: `${server.url}/id/${ctx.store.organizationId}/${userId}`,
          user_id: userId,
          username: String(user?.Username ?? username)
        }
      };
    },
    { control: true }
  );
  server.route(
    'GET',
    '/__localorg/personas',
    (ctx) => {
      adminOnly(ctx.token);
      return { status: 200, body: findPersonas(ctx.store) };
    },
    { control: true }
  );
}
