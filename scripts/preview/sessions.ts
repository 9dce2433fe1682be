/**
 * The preview server's sessions, one per persona, held on the server only: it asks the org (with
 * the administrator's token) who the personas are and opens each one's session on first use. A
 * browser only ever names a persona; its token never leaves this process.
 */

import { join } from 'node:path';
import { readPermissionSets } from '../metadata/permissionSets';

const METADATA = join(__dirname, '..', '..', 'force-app', 'main', 'default');

/** A persona the preview offers, with the user it signs in as. */
export interface PersonaInfo {
  key: string;
  label: string;
  name: string;
  userId: string;
  username: string;
}

/** The personas, in the order the picker lists them, with their labels. */
export const PERSONA_LABELS: Record<string, string> = {
  admin: 'Administrator',
  manager: 'Manager',
  rep: 'Rep',
  calibrator: 'Calibrator',
  leader: 'Sales leader'
};

/** What a persona's package permission sets grant that the shell needs to know. */
interface Grants {
  customPermissions: string[];
  /** Tabs set to Visible, or undefined for the administrator, who sees every tab. */
  tabs: string[] | undefined;
}

interface OrgPersona {
  id: string;
  username: string;
  name: string;
}

/** Sessions per persona for one org. */
export class PersonaSessions {
  private personaList: Promise<PersonaInfo[]> | undefined;
  private readonly tokens = new Map<string, Promise<string>>();
  private readonly grants = new Map<string, Promise<Grants>>();

  constructor(
    private readonly orgUrl: string,
    private readonly adminToken: string
  ) {}

  private async call<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
    const response = await fetch(new URL(path, this.orgUrl), {
      ...init,
      headers: { Authorization: `Bearer ${this.adminToken}`, 'Content-Type': 'application/json' }
    });
    return { status: response.status, body: (await response.json()) as T };
  }

  /**
   * The personas the org offers (`GET /__localorg/personas`). An org without that route (a real
   * org) offers one: the administrator session the preview was started with.
   */
  personas(): Promise<PersonaInfo[]> {
    this.personaList ??= this.loadPersonas();
    return this.personaList;
  }

  private async loadPersonas(): Promise<PersonaInfo[]> {
    const listed = await this.call<Record<string, OrgPersona | undefined>>('/__localorg/personas');
    if (listed.status === 200) {
      return Object.keys(PERSONA_LABELS).flatMap((key) => {
        const p = listed.body[key];
        return p
          ? [{ key, label: PERSONA_LABELS[key], name: p.name, userId: p.id, username: p.username }]
          : [];
      });
    }
    const me = await this.call<{ user_id?: string; name?: string; username?: string }>(
      '/services/oauth2/userinfo'
    );
    if (me.status !== 200 || !me.body.user_id)
      throw new Error(`The org at ${this.orgUrl} lists no personas and does not say who its session is`);
    return [
      {
        key: 'admin',
        label: PERSONA_LABELS.admin,
        name: me.body.name ?? '',
        userId: me.body.user_id,
        username: me.body.username ?? ''
      }
    ];
  }

  /** The persona for a key, or undefined when the org offers no such persona. */
  async persona(key: string): Promise<PersonaInfo | undefined> {
    return (await this.personas()).find((p) => p.key === key);
  }

  /**
   * The custom permissions a persona's user holds: the package permission sets assigned to the
   * user (PermissionSetAssignment, read as the administrator) and what their XML enables.
   */
  async customPermissions(key: string): Promise<string[]> {
    return (await this.grantsOf(key)).customPermissions;
  }

  /**
   * The tabs the navigation bar shows a persona: those its permission sets set to Visible. The
   * administrator (System Administrator profile) sees every tab, so undefined means "no filter".
   */
  async visibleTabs(key: string): Promise<string[] | undefined> {
    return (await this.grantsOf(key)).tabs;
  }

  private grantsOf(key: string): Promise<Grants> {
    let granted = this.grants.get(key);
    if (!granted) {
      granted = this.readGrants(key);
      this.grants.set(key, granted);
      granted.catch(() => this.grants.delete(key));
    }
    return granted;
  }

  private async readGrants(key: string): Promise<Grants> {
    const persona = await this.persona(key);
    if (!persona) throw new Error(`No persona ${key} in this org`);
    if (!/^[A-Za-z0-9]{15,18}$/.test(persona.userId)) throw new Error(`Not a user id: ${persona.userId}`);
    const q = `SELECT PermissionSet.Name FROM PermissionSetAssignment WHERE AssigneeId = '${persona.userId}'`;
    const result = await this.call<
      { records?: { PermissionSet?: { Name?: string } }[] } | { message: string }[]
    >(`/services/data/v66.0/query?q=${encodeURIComponent(q)}`);
    if (result.status !== 200 || Array.isArray(result.body)) {
      const why = Array.isArray(result.body) ? result.body.map((e) => e.message).join('; ') : '';
      throw new Error(`Could not read the permission sets of ${key}: HTTP ${result.status} ${why}`);
    }
    const sets = readPermissionSets(METADATA);
    const granted = new Set<string>();
    const tabs = new Set<string>();
    for (const r of result.body.records ?? []) {
      const set = sets.get(r.PermissionSet?.Name ?? '');
      for (const name of set?.customPermissions ?? []) granted.add(name);
      for (const tab of set?.tabs ?? []) tabs.add(tab);
    }
    return { customPermissions: [...granted].sort(), tabs: key === 'admin' ? undefined : [...tabs].sort() };
  }

  /** The access token acting as a persona's user (`POST /__localorg/sessions`), opened once. */
  async tokenFor(key: string): Promise<string> {
    if (key === 'admin') return this.adminToken;
    let token = this.tokens.get(key);
    if (!token) {
      token = this.openSession(key);
      this.tokens.set(key, token);
      token.catch(() => this.tokens.delete(key));
    }
    return token;
  }

  private async openSession(key: string): Promise<string> {
    const persona = await this.persona(key);
    if (!persona) throw new Error(`No persona ${key} in this org`);
    const opened = await this.call<{ access_token?: string } | { message: string }[]>(
      '/__localorg/sessions',
      {
        method: 'POST',
        body: JSON.stringify({ username: persona.username })
      }
    );
    if (opened.status !== 200 || Array.isArray(opened.body) || !opened.body.access_token) {
      const why = Array.isArray(opened.body)
        ? opened.body.map((e) => e.message).join('; ')
        : `HTTP ${opened.status}`;
      throw new Error(`Could not open a session as ${key}: ${why}`);
    }
    return opened.body.access_token;
  }
}
