/**
 * The local org's in-memory data: one table per object (rows in insertion order, an id map, external-id
 * and unique indexes, a master-detail child index for roll-ups and cascades), with writes validated
 * against the schema the way Salesforce validates them. Used by REST, SOQL, Bulk 2.0 and GraphQL.
 */
import * as fs from 'node:fs';
import * as readline from 'node:readline';
import { asText, idNumber, makeId, normalizeId } from './ids';
import { LEAD_STATUSES, OPPORTUNITY_STAGES, type FieldDef, type ObjectDef, type Schema } from './schema';
import type { FiscalSettings } from './fiscal';
import { evaluate, parseFormula, type FValue } from './formula';
import { recordOpportunityHistory, seedOpportunityStages } from './history';
import { planDelete } from './deletePlan';
import { currentActor } from './access/context';
import type { RecordAccess } from './access/sharing';
import { PROFILES } from './access/policy';
import { visibleSchema } from './access/visibleSchema';

/** A stored field value, in the JSON form the REST API returns. */
export type SfValue = string | number | boolean | null;
/** A stored record: canonical field names to values (roll-ups and formulas are not stored). */
export type Rec = Record<string, SfValue>;

/** One error in Salesforce's JSON error shape. */
export interface SfErrorBody {
  message: string;
  errorCode: string;
  fields: string[];
}

/** An API error: an HTTP status and Salesforce-shaped error bodies. */
export class SfError extends Error {
  constructor(
    readonly status: number,
    readonly errors: SfErrorBody[]
  ) {
    super(errors.map((e) => `${e.errorCode}: ${e.message}`).join('; '));
    this.name = 'SfError';
  }
}

/** Shorthand for a single-error SfError. */
export function sfError(status: number, errorCode: string, message: string, fields: string[] = []): SfError {
  return new SfError(status, [{ message, errorCode, fields }]);
}

/**
 * Id to row lookup without a per-record map entry: ids are issued in row order (row n has record
 * number n + 1), so the id itself says where its row is; ids that break the pattern go to a map.
 */
export class IdIndex {
  private readonly others = new Map<string, Rec>();
  constructor(private readonly rows: Rec[]) {}

  /** The row with this 18-character id, deleted or not. */
  get(id: string): Rec | undefined {
    const row = this.rows[idNumber(id) - 1];
    if (row !== undefined && row.Id === id) return row;
    return this.others.size ? this.others.get(id) : undefined;
  }

  /** Registers a row after it was appended to the table. */
  set(id: string, rec: Rec): void {
    if (this.rows[idNumber(id) - 1] !== rec) this.others.set(id, rec);
  }

  /** Forgets a row (before it is removed from the table). */
  delete(id: string): void {
    this.others.delete(id);
  }

  /** Forgets every row. */
  clear(): void {
    this.others.clear();
  }
}

/** One object's rows and indexes. */
export class Table {
  readonly rows: Rec[] = [];
  readonly byId = new IdIndex(this.rows);
  /** Lower-case unique/external-id field name to (normalized value to records). */
  readonly keyIndex = new Map<string, Map<string, Rec[]>>();
  /** Master-detail field name to (parent id to child records). */
  readonly childIndex = new Map<string, Map<string, Set<Rec>>>();
  /** Storable fields in a fixed order, so every row shares one shape. */
  readonly stored: FieldDef[];
  nextNum = 1;
  readonly autoNumbers = new Map<string, number>();

  constructor(readonly obj: ObjectDef) {
    this.stored = obj.fields.filter((f) => !f.summary && !(f.calculated && f.sourceType === 'Formula'));
    for (const f of obj.fields) {
      if (f.externalId || f.unique) this.keyIndex.set(f.name.toLowerCase(), new Map());
      if (f.masterDetail) this.childIndex.set(f.name, new Map());
      if (f.autoNumber) this.autoNumbers.set(f.name, f.startingNumber);
    }
  }

  /** Live (not deleted) row count. */
  get size(): number {
    let n = 0;
    for (const r of this.rows) if (!r.IsDeleted) n++;
    return n;
  }
}

/** Options for a store. */
export interface StoreOptions {
  /** Clock used for audit fields and date literals (tests pin it). */
  now?: () => Date;
  /** Organization settings. */
  organization?: { name?: string; fiscalYearStartMonth?: number; usesStartDateAsFiscalYearName?: boolean };
  /** Evaluate the objects' active validation rules on every API write (default false). */
  validationRules?: boolean;
  /** Custom permissions of the acting user (default: every custom permission of the package). */
  permissions?: string[];
}

/** Options for one write. */
export interface WriteOptions {
  /** Skip field-level createable/updateable checks (seeding, imports of system fields). */
  system?: boolean;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const EMAIL_RE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** Formats a Date as Salesforce's datetime text (2026-01-31T09:00:00.000+0000). */
export function sfDateTime(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

/** Parses datetime text in any ISO form into Salesforce's canonical form, or null when invalid. */
export function canonicalDateTime(text: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    text.trim()
  );
  if (!m) return null;
  const zone = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  const ms = Date.parse(`${m[1]}T${m[2] ?? '00:00:00'}${zone}`);
  return Number.isNaN(ms) ? null : sfDateTime(new Date(ms));
}

function validDate(text: string): boolean {
  const m = DATE_RE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The in-memory database of the local org. */
export class Store {
  readonly tables = new Map<string, Table>();
  readonly now: () => Date;
  /** The user code outside a request acts as (seed, imports); change it with runAs(). */
  private defaultUserId = '';
  private defaultPermissions: Set<string>;

  /** The acting user: the request's session user, else the default user. */
  get currentUserId(): string {
    return currentActor()?.userId ?? this.defaultUserId;
  }
  set currentUserId(id: string) {
    this.defaultUserId = id;
  }

  /** Custom permissions of the acting user ($Permission.X in validation rules). */
  get permissions(): Set<string> {
    return currentActor()?.permissions ?? this.defaultPermissions;
  }
  set permissions(p: Set<string>) {
    this.defaultPermissions = p;
  }

  /** The user code outside requests (and the administrator's session) acts as; runAs() changes it. */
  userOutsideRequests(): string {
    return this.defaultUserId;
  }

  /** The custom permissions code outside requests (and the administrator's session) acts with. */
  permissionsOutsideRequests(): Set<string> {
    return this.defaultPermissions;
  }

  /** A live record the acting user may read, or undefined (missing, deleted or not shared with them). */
  readable(type: string, id: string): Rec | undefined {
    const rec = this.get(type, id);
    const records = this.recordAccess();
    if (!rec || !records) return rec;
    return records.canRead(this.table(type).obj, rec) ? rec : undefined;
  }

  /** The schema as the acting user sees it: readable objects and fields, their own createable/updateable. */
  visibleSchema(): Schema {
    const records = this.recordAccess();
    return records ? visibleSchema(this.schema, records.access) : this.schema;
  }

  /** The acting request's record access, or null for full (system or administrator) access. */
  recordAccess(): RecordAccess | null {
    return currentActor()?.records ?? null;
  }
  private readonly rules = new Map<
    ObjectDef,
    { name: string; node: ReturnType<typeof parseFormula>; message: string; field: string | null }[]
  >();
  private readonly validationRules: boolean;
  readonly organizationId: string;
  private journal: (() => void)[] | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly schema: Schema,
    options: StoreOptions = {}
  ) {
    this.now = options.now ?? (() => new Date());
    this.validationRules = options.validationRules === true;
    this.defaultPermissions = new Set(options.permissions ?? schema.customPermissions);
    if (this.validationRules) {
      for (const obj of schema.list()) {
        const compiled = obj.validationRules
          .filter((r) => r.active)
          .map((r) => {
            try {
              return {
                name: r.name,
                node: parseFormula(r.formula),
                message: r.errorMessage,
                field: r.errorDisplayField
              };
            } catch (e) {
              throw new Error(`Validation rule ${obj.name}.${r.name}: ${(e as Error).message}`);
            }
          });
        if (compiled.length) this.rules.set(obj, compiled);
      }
    }
    for (const obj of schema.list()) this.tables.set(obj.name.toLowerCase(), new Table(obj));
    const org = options.organization ?? {};
    this.organizationId = this.insertRaw('Organization', {
      Name: org.name ?? 'Local Org',
      FiscalYearStartMonth: org.fiscalYearStartMonth ?? 1,
      UsesStartDateAsFiscalYearName: org.usesStartDateAsFiscalYearName ?? false,
      DefaultCurrencyIsoCode: 'USD',
      OrganizationType: 'Developer Edition',
      InstanceName: 'LOCAL',
      IsSandbox: false
    }).Id as string;
    const profile = this.insertRaw('Profile', {
      Name: PROFILES.admin,
      PermissionsViewAllData: true,
      PermissionsModifyAllData: true
    });
    this.insertRaw('Profile', { Name: PROFILES.standard });
    this.insertRaw('Profile', { Name: PROFILES.integration });
    for (const ps of schema.permissionSets.values())
      this.insertRaw('PermissionSet', { Name: ps.name, Label: ps.label });
    this.currentUserId = this.insertRaw('User', {
      FirstName: 'Local',
      LastName: 'Admin',
      Name: 'Local Admin',
      Username: 'admin@local.org',
      Email: 'admin@local.org',
      Alias: 'ladmin',
      IsActive: true,
      ProfileId: profile.Id
    }).Id as string;
    this.assignPermissionSet(this.currentUserId, 'Sales_Competency_Admin');
    seedOpportunityStages(this);
  }

  /** Assigns a permission set (by API name) to a user, as a PermissionSetAssignment record; no-op if unknown or assigned. */
  assignPermissionSet(userId: string, permissionSet: string): void {
    const ps = this.table('PermissionSet').rows.find((r) => r.Name === permissionSet && !r.IsDeleted);
    if (!ps) return;
    const psa = this.table('PermissionSetAssignment');
    if (psa.rows.some((r) => r.AssigneeId === userId && r.PermissionSetId === ps.Id && !r.IsDeleted)) return;
    this.insertRaw('PermissionSetAssignment', { AssigneeId: userId, PermissionSetId: ps.Id });
  }

  /** The API names of the permission sets assigned to a user. */
  assignedPermissionSets(userId: string): string[] {
    const names: string[] = [];
    const sets = this.table('PermissionSet').byId;
    for (const r of this.table('PermissionSetAssignment').rows) {
      if (r.AssigneeId !== userId || r.IsDeleted) continue;
      const ps = sets.get(r.PermissionSetId as string);
      if (ps && !ps.IsDeleted) names.push(String(ps.Name));
    }
    return names;
  }

  /** Makes later API calls act as another user, with the given custom permissions (default: none). */
  runAs(userId: string, permissions: string[] = []): void {
    const id = normalizeId(userId);
    if (!id || !this.get('User', id)) throw new Error(`runAs: no user with id ${userId}`);
    this.currentUserId = id;
    this.permissions = new Set(permissions);
  }

  /** Runs the object's active validation rules against a record about to be saved. */
  private checkRules(t: Table, rec: Rec, before: Rec | null): void {
    const rules = this.rules.get(t.obj);
    if (!rules) return;
    const read = (from: Rec | null, p: string): FValue => {
      if (!from) return null;
      const parts = p.split('.');
      let obj = t.obj;
      let r: Rec | undefined = from;
      for (let i = 0; i < parts.length - 1; i++) {
        const rel = obj.relationshipMap.get(parts[i].toLowerCase());
        if (!rel) throw new Error(`Validation rule on ${t.obj.name}: unknown relationship ${parts[i]}`);
        const id: SfValue = r[rel.name];
        r = typeof id === 'string' ? this.table(rel.referenceTo[0]).byId.get(id) : undefined;
        if (!r) return null;
        obj = this.table(rel.referenceTo[0]).obj;
      }
      const f = obj.fieldMap.get(parts[parts.length - 1].toLowerCase());
      if (!f) throw new Error(`Validation rule on ${t.obj.name}: unknown field ${p}`);
      if (f.summary) return this.rollup(obj, f, r);
      return r[f.name] ?? null;
    };
    const ctx = {
      get: (p: string) => read(rec, p),
      prior: (p: string) => read(before, p),
      isNew: before === null,
      userId: this.currentUserId,
      hasPermission: (name: string) => this.permissions.has(name)
    };
    for (const rule of rules) {
      if (evaluate(rule.node, ctx) === true)
        throw sfError(400, 'FIELD_CUSTOM_VALIDATION_EXCEPTION', rule.message, rule.field ? [rule.field] : []);
    }
  }

  /** Registers a callback run after every committed change (used for persistence). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    if (this.journal) return;
    for (const l of this.listeners) l();
  }

  /** The table of an object; INVALID_TYPE when the object does not exist. */
  table(type: string): Table {
    const t = this.tables.get(type.toLowerCase());
    if (!t)
      throw sfError(
        404,
        'NOT_FOUND',
        `The requested resource does not exist: sObject type '${type}' is not supported.`
      );
    return t;
  }

  /** The Organization record. */
  organization(): Rec {
    return this.table('Organization').rows[0];
  }

  /** Changes the Organization's fiscal settings or name (tests and the CLI). */
  setOrganization(
    patch: Partial<{ Name: string; FiscalYearStartMonth: number; UsesStartDateAsFiscalYearName: boolean }>
  ): void {
    const month = patch.FiscalYearStartMonth;
    if (month !== undefined && !(Number.isInteger(month) && month >= 1 && month <= 12))
      throw new Error(`FiscalYearStartMonth must be 1-12, got ${month}`);
    Object.assign(this.organization(), patch);
    this.changed();
  }

  /** The org's fiscal settings, for date literals and period keys. */
  fiscal(): FiscalSettings {
    const org = this.organization();
    return {
      fiscalYearStartMonth: Number(org.FiscalYearStartMonth) || 1,
      usesStartDateAsFiscalYearName: org.UsesStartDateAsFiscalYearName === true
    };
  }

  /** A live record by type and id (15 or 18 characters), or undefined. */
  get(type: string, id: string, includeDeleted = false): Rec | undefined {
    const norm = normalizeId(id);
    if (!norm) return undefined;
    const rec = this.table(type).byId.get(norm);
    return rec && (includeDeleted || !rec.IsDeleted) ? rec : undefined;
  }

  /** A live record by id alone (the key prefix names its object). */
  getById(id: string): { obj: ObjectDef; rec: Rec } | undefined {
    const norm = normalizeId(id);
    const obj = norm ? this.schema.objectForId(norm) : undefined;
    if (!obj || !norm) return undefined;
    const rec = this.table(obj.name).byId.get(norm);
    return rec && !rec.IsDeleted ? { obj, rec } : undefined;
  }

  /** Live records whose external-id or unique field equals the value. */
  findByKey(type: string, fieldName: string, value: SfValue): Rec[] {
    const t = this.table(type);
    const f = t.obj.fieldMap.get(fieldName.toLowerCase());
    if (!f)
      throw sfError(400, 'INVALID_FIELD', `No such column '${fieldName}' on sobject of type ${t.obj.name}`, [
        fieldName
      ]);
    if (f.name === 'Id') {
      const rec = typeof value === 'string' ? this.get(type, value) : undefined;
      return rec ? [rec] : [];
    }
    const index = t.keyIndex.get(f.name.toLowerCase());
    if (!index) {
      return t.rows.filter((r) => !r.IsDeleted && r[f.name] === value);
    }
    return (index.get(this.keyOf(f, value)) ?? []).filter((r) => !r.IsDeleted);
  }

  /** Runs fn atomically: if it throws, every change it made is undone. Nested calls join the outer one. */
  transaction<T>(fn: () => T): T {
    if (this.journal) return fn();
    this.journal = [];
    try {
      const out = fn();
      this.journal = null;
      this.changed();
      return out;
    } catch (err) {
      const undo = this.journal as (() => void)[];
      this.journal = null;
      for (let i = undo.length - 1; i >= 0; i--) undo[i]();
      throw err;
    }
  }

  private keyOf(f: FieldDef, value: SfValue): string {
    const s = String(value);
    return f.caseSensitive ? s : s.toLowerCase();
  }

  private index(t: Table, rec: Rec): void {
    for (const [key, map] of t.keyIndex) {
      const f = t.obj.fieldMap.get(key) as FieldDef;
      const v = rec[f.name];
      if (v === null || v === undefined) continue;
      const k = this.keyOf(f, v);
      const list = map.get(k);
      if (list) list.push(rec);
      else map.set(k, [rec]);
    }
    for (const [name, map] of t.childIndex) {
      const parent = rec[name];
      if (typeof parent !== 'string') continue;
      let set = map.get(parent);
      if (!set) map.set(parent, (set = new Set()));
      set.add(rec);
    }
  }

  private unindex(t: Table, rec: Rec): void {
    for (const [key, map] of t.keyIndex) {
      const f = t.obj.fieldMap.get(key) as FieldDef;
      const v = rec[f.name];
      if (v === null || v === undefined) continue;
      const k = this.keyOf(f, v);
      const list = map.get(k);
      if (!list) continue;
      const i = list.indexOf(rec);
      if (i >= 0) list.splice(i, 1);
      if (list.length === 0) map.delete(k);
    }
    for (const [name, map] of t.childIndex) {
      const parent = rec[name];
      if (typeof parent === 'string') map.get(parent)?.delete(rec);
    }
  }

  /** A blank row with every stored field in schema order (so rows share one hidden class). */
  private blank(t: Table): Rec {
    const rec: Rec = {};
    for (const f of t.stored) rec[f.name] = f.type === 'boolean' ? false : null;
    return rec;
  }

  /** Appends a row without validation: for the seed generator and the built-in records. */
  insertRaw(type: string, values: Record<string, SfValue>): Rec {
    const t = this.table(type);
    const rec = this.blank(t);
    const nowText = sfDateTime(this.now());
    rec.Id = makeId(t.obj.keyPrefix, t.nextNum++);
    for (const k in values) rec[k] = values[k];
    if (rec.CreatedDate === null) rec.CreatedDate = nowText;
    if (rec.LastModifiedDate === null) rec.LastModifiedDate = rec.CreatedDate;
    if (rec.SystemModstamp === null) rec.SystemModstamp = rec.LastModifiedDate;
    const user = this.currentUserId || rec.Id;
    if (rec.CreatedById === null) rec.CreatedById = user;
    if (rec.LastModifiedById === null) rec.LastModifiedById = rec.CreatedById;
    if (t.obj.owned && rec.OwnerId === null) rec.OwnerId = user;
    for (const [name, next] of t.autoNumbers) {
      if (rec[name] === null) {
        rec[name] = this.formatAutoNumber(t.obj.fieldMap.get(name.toLowerCase()) as FieldDef, next);
        t.autoNumbers.set(name, next + 1);
      }
    }
    this.derive(t.obj, rec);
    t.rows.push(rec);
    t.byId.set(rec.Id, rec);
    this.index(t, rec);
    return rec;
  }

  private formatAutoNumber(f: FieldDef, n: number): string {
    const fmt = f.displayFormat ?? '{0}';
    return fmt.replace(/\{(0+)\}/, (_, zeros: string) => String(n).padStart(zeros.length, '0'));
  }

  /** Fields Salesforce computes from others on save (names, stage flags, lead conversion). */
  private derive(obj: ObjectDef, rec: Rec): void {
    if (obj.name === 'User' || obj.name === 'Lead') {
      rec.Name = [rec.FirstName, rec.LastName].filter((x) => x).join(' ') || null;
    }
    if (obj.name === 'Opportunity' && typeof rec.StageName === 'string') {
      const stage = OPPORTUNITY_STAGES.find((s) => s.name === rec.StageName);
      rec.IsClosed = stage ? stage.closed : false;
      rec.IsWon = stage ? stage.won : false;
      if (rec.Probability === null && stage) rec.Probability = stage.probability;
    }
    if (obj.name === 'Lead' && rec.Status === LEAD_STATUSES[2] && !rec.IsConverted) {
      rec.IsConverted = true;
      if (rec.ConvertedDate === null) rec.ConvertedDate = this.now().toISOString().slice(0, 10);
    }
  }

  /** Resolves a field name case-insensitively, or returns an INVALID_FIELD error. */
  private fieldOf(obj: ObjectDef, name: string): FieldDef {
    const f = obj.fieldMap.get(name.toLowerCase());
    if (!f)
      throw sfError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${obj.name}`, [name]);
    return f;
  }

  /** Converts a JSON body value into the stored value for a field, or throws the Salesforce error. */
  coerce(f: FieldDef, value: unknown): SfValue {
    if (value === null || value === undefined || value === '') {
      return f.type === 'boolean' ? false : null;
    }
    const bad = (kind: string): SfError =>
      sfError(
        400,
        'JSON_PARSER_ERROR',
        `Cannot deserialize instance of ${kind} from ${typeof value === 'string' ? 'VALUE_STRING' : 'value'} ${JSON.stringify(value)} for field ${f.name}`,
        [f.name]
      );
    if (typeof value === 'object') throw bad(f.type);
    switch (f.type) {
      case 'double':
      case 'int':
      case 'currency':
      case 'percent': {
        const n =
          typeof value === 'number'
            ? value
            : typeof value === 'string' && value.trim() !== ''
              ? Number(value)
              : NaN;
        if (!Number.isFinite(n)) throw bad('double');
        const scale = f.scale;
        const rounded = scale >= 0 ? Math.round(n * 10 ** scale) / 10 ** scale : n;
        const intDigits = Math.trunc(Math.abs(rounded)).toString().length;
        if (f.precision && intDigits > Math.max(f.precision - scale, 1))
          throw sfError(
            400,
            'NUMBER_OUTSIDE_VALID_RANGE',
            `${f.label}: value outside of valid range on numeric field: ${n}`,
            [f.name]
          );
        return rounded;
      }
      case 'boolean':
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return value === 'true';
        throw bad('boolean');
      case 'date': {
        const text = asText(value);
        const day = text.length > 10 ? text.slice(0, 10) : text;
        if (typeof value !== 'string' || !validDate(day)) throw bad('date');
        return day;
      }
      case 'datetime': {
        const c = typeof value === 'string' ? canonicalDateTime(value) : null;
        if (!c) throw bad('datetime');
        return c;
      }
      case 'reference':
      case 'id': {
        const id = normalizeId(value);
        if (!id)
          throw sfError(400, 'MALFORMED_ID', `${f.label}: id value of incorrect type: ${asText(value)}`, [
            f.name
          ]);
        const target = this.schema.objectForId(id);
        if (!target || !f.referenceTo.some((r) => r.toLowerCase() === target.name.toLowerCase()))
          throw sfError(
            400,
            'FIELD_INTEGRITY_EXCEPTION',
            `field integrity exception: unknown (${f.label} must reference ${f.referenceTo.join(' or ')})`,
            [f.name]
          );
        if (!this.get(target.name, id))
          throw sfError(400, 'INVALID_CROSS_REFERENCE_KEY', `invalid cross reference id`, [f.name]);
        return id;
      }
      default: {
        const text = asText(value);
        if (f.length && text.length > f.length)
          throw sfError(
            400,
            'STRING_TOO_LONG',
            `${f.label}: data value too large: ${text.slice(0, 40)}${text.length > 40 ? '...' : ''} (max length=${f.length})`,
            [f.name]
          );
        if (f.type === 'email' && !EMAIL_RE.test(text))
          throw sfError(400, 'INVALID_EMAIL_ADDRESS', `${f.label}: invalid email address: ${text}`, [f.name]);
        if (
          f.type === 'picklist' &&
          f.restrictedPicklist &&
          !f.picklistValues.some((p) => p.value === text && p.active)
        )
          throw sfError(
            400,
            'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
            `${f.label}: bad value for restricted picklist field: ${text}`,
            [f.name]
          );
        if (f.type === 'multipicklist' && f.restrictedPicklist) {
          for (const part of text.split(';')) {
            if (!f.picklistValues.some((p) => p.value === part))
              throw sfError(
                400,
                'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                `${f.label}: bad value for restricted picklist field: ${part}`,
                [f.name]
              );
          }
        }
        return text;
      }
    }
  }

  /**
   * Turns a REST body into canonical stored values: resolves field names, relationship references
   * (`Parent__r: { Key__c: 'x' }`) and types; rejects unknown and read-only fields.
   */
  private prepare(
    obj: ObjectDef,
    body: Record<string, unknown>,
    mode: 'create' | 'update',
    opts: WriteOptions
  ): Rec {
    const out: Rec = {};
    const readOnly: string[] = [];
    for (const [key, raw] of Object.entries(body)) {
      if (key === 'attributes') continue;
      const rel = obj.relationshipMap.get(key.toLowerCase());
      if (rel && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
        out[rel.name] = this.resolveForeignKey(obj, rel, raw as Record<string, unknown>);
        continue;
      }
      const f = this.fieldOf(obj, key);
      const access = opts.system ? null : this.recordAccess()?.access;
      if (access && !access.canReadField(obj, f))
        throw sfError(400, 'INVALID_FIELD', `No such column '${key}' on sobject of type ${obj.name}`, [key]);
      if (f.name === 'Id') {
        if (mode === 'create') readOnly.push(f.name);
        continue;
      }
      if (
        !opts.system &&
        ((mode === 'create' && !f.createable) ||
          (mode === 'update' && !f.updateable) ||
          (access && !access.canEditField(obj, f)))
      ) {
        readOnly.push(f.name);
        continue;
      }
      out[f.name] = this.coerce(f, raw);
    }
    if (readOnly.length)
      throw sfError(
        400,
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to ${mode} fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        readOnly
      );
    return out;
  }

  private resolveForeignKey(obj: ObjectDef, rel: FieldDef, raw: Record<string, unknown>): string {
    const attrs = raw.attributes as { type?: string } | undefined;
    const parentType = attrs?.type ?? rel.referenceTo[0];
    const parent = this.schema.find(parentType);
    if (!parent)
      throw sfError(400, 'INVALID_TYPE', `sObject type '${parentType}' is not supported.`, [
        rel.relationshipName ?? rel.name
      ]);
    const keys = Object.keys(raw).filter((k) => k !== 'attributes');
    if (keys.length !== 1)
      throw sfError(
        400,
        'INVALID_FIELD',
        `${obj.name}.${rel.relationshipName}: exactly one external ID field is expected`,
        [rel.name]
      );
    const keyField = this.fieldOf(parent, keys[0]);
    if (!keyField.externalId && keyField.name !== 'Id')
      throw sfError(
        400,
        'INVALID_FIELD',
        `The field ${keyField.name} on ${parent.name} is not an external ID field`,
        [rel.name]
      );
    const value = raw[keys[0]];
    const found = this.findByKey(parent.name, keyField.name, value as SfValue);
    if (found.length === 0)
      throw sfError(
        400,
        'INVALID_FIELD',
        `Foreign key external ID: ${String(value)} not found for field ${keyField.name} in entity ${parent.name}`,
        [rel.name]
      );
    if (found.length > 1)
      throw sfError(
        300,
        'MULTIPLE_CHOICES',
        `Foreign key external ID: ${String(value)} matched more than one ${parent.name} record`,
        [rel.name]
      );
    return found[0].Id as string;
  }

  private checkRequired(t: Table, rec: Rec): void {
    const missing = t.stored.filter(
      (f) =>
        f.required &&
        (rec[f.name] === null || rec[f.name] === undefined) &&
        !f.autoNumber &&
        f.name !== 'Name'
    );
    if (
      t.obj.fieldMap.get('name')?.required &&
      (rec.Name === null || rec.Name === undefined) &&
      !t.obj.fieldMap.get('name')?.autoNumber
    )
      missing.unshift(t.obj.fieldMap.get('name') as FieldDef);
    if (missing.length)
      throw sfError(
        400,
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.map((f) => f.name).join(', ')}]`,
        missing.map((f) => f.name)
      );
  }

  private checkUnique(t: Table, rec: Rec, values: Rec): void {
    for (const [key, map] of t.keyIndex) {
      const f = t.obj.fieldMap.get(key) as FieldDef;
      if (!f.unique || !(f.name in values)) continue;
      const v = values[f.name];
      if (v === null) continue;
      const clash = (map.get(this.keyOf(f, v)) ?? []).find((r) => r !== rec && !r.IsDeleted);
      if (clash)
        throw sfError(
          400,
          'DUPLICATE_VALUE',
          `duplicate value found: ${f.name} duplicates value on record with id: ${String(clash.Id)}`,
          [f.name]
        );
    }
  }

  /** The error for a missing object permission, naming the object and the permission. */
  private noObjectAccess(obj: ObjectDef, permission: 'Create' | 'Edit' | 'Delete'): SfError {
    return sfError(
      400,
      'INSUFFICIENT_ACCESS_OR_READONLY',
      `insufficient access rights on object id: the user has no ${permission} permission on ${obj.name}`
    );
  }

  /** Refuses references to records the user cannot see, or masters the user cannot edit. */
  private checkReferences(obj: ObjectDef, values: Rec, records: RecordAccess): void {
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      const f = obj.fieldMap.get(name.toLowerCase());
      if (!f || f.type !== 'reference' || f.name === 'OwnerId') continue;
      const target = this.getById(value);
      if (!target) continue;
      const allowed = f.masterDetail
        ? this.masterEditable(target.obj, target.rec, records)
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

  /** Whether a master record is editable at record level (object Edit not needed to add details). */
  private masterEditable(obj: ObjectDef, rec: Rec, records: RecordAccess): boolean {
    return records.canRead(obj, rec) && records.canEditRecordLevel(obj, rec);
  }

  /** Refuses a delete the acting user may not make (Delete permission and ownership, hierarchy or Modify All). */
  private checkDeleteAccess(obj: ObjectDef, rec: Rec): void {
    const records = this.recordAccess();
    if (!records) return;
    if (!records.canRead(obj, rec)) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    if (!records.access.object(obj).delete) throw this.noObjectAccess(obj, 'Delete');
    if (!records.canDelete(obj, rec))
      throw sfError(
        400,
        'INSUFFICIENT_ACCESS_OR_READONLY',
        `insufficient access rights on object id: ${String(rec.Id)} (${obj.name}: only the owner, users above the owner in the role hierarchy or Modify All may delete it)`
      );
  }

  /** Creates a record from a REST body; returns the new Id or throws SfError. */
  create(type: string, body: Record<string, unknown>, opts: WriteOptions = {}): string {
    const t = this.table(type);
    if (!t.obj.createable && !opts.system)
      throw sfError(
        400,
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        `entity type ${t.obj.name} does not support insert`
      );
    const records = opts.system ? null : this.recordAccess();
    if (records && !records.access.object(t.obj).create) throw this.noObjectAccess(t.obj, 'Create');
    const values = this.prepare(t.obj, body, 'create', opts);
    if (records) this.checkReferences(t.obj, values, records);
    const rec = this.blank(t);
    for (const f of t.stored)
      if (f.defaultValue !== null && f.defaultValue !== undefined) rec[f.name] = f.defaultValue as SfValue;
    Object.assign(rec, values);
    if (t.obj.owned && rec.OwnerId === null) rec.OwnerId = this.currentUserId;
    this.derive(t.obj, rec);
    this.checkRequired(t, rec);
    if (!opts.system) this.checkRules(t, rec, null);
    this.checkUnique(t, rec, rec);
    const nowText = sfDateTime(this.now());
    rec.Id = makeId(t.obj.keyPrefix, t.nextNum++);
    // the API names a custom record after its Id when no Name is given
    if (t.obj.custom && rec.Name === null && !t.obj.fieldMap.get('name')?.autoNumber) rec.Name = rec.Id;
    rec.CreatedDate ??= nowText;
    rec.CreatedById ??= this.currentUserId;
    rec.LastModifiedDate = rec.CreatedDate;
    rec.LastModifiedById = this.currentUserId;
    rec.SystemModstamp = nowText;
    const autoBefore = new Map(t.autoNumbers);
    for (const [name, next] of t.autoNumbers) {
      if (rec[name] === null) {
        rec[name] = this.formatAutoNumber(t.obj.fieldMap.get(name.toLowerCase()) as FieldDef, next);
        t.autoNumbers.set(name, next + 1);
      }
    }
    t.rows.push(rec);
    t.byId.set(rec.Id, rec);
    this.index(t, rec);
    this.journal?.push(() => {
      this.unindex(t, rec);
      t.byId.delete(rec.Id as string);
      const i = t.rows.lastIndexOf(rec);
      if (i >= 0) t.rows.splice(i, 1);
      t.nextNum--;
      for (const [k, v] of autoBefore) t.autoNumbers.set(k, v);
    });
    recordOpportunityHistory(this, t.obj, rec, null);
    this.changed();
    return rec.Id;
  }

  /** Updates a record from a REST body; throws SfError (404 NOT_FOUND for an unknown id). */
  update(type: string, id: string, body: Record<string, unknown>, opts: WriteOptions = {}): void {
    const t = this.table(type);
    const rec = this.get(type, id);
    if (!rec) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
    if (!t.obj.updateable && !opts.system)
      throw sfError(
        400,
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        `entity type ${t.obj.name} does not support update`
      );
    const records = opts.system ? null : this.recordAccess();
    if (records) {
      if (!records.canRead(t.obj, rec))
        throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (!records.access.object(t.obj).edit) throw this.noObjectAccess(t.obj, 'Edit');
      if (!records.canEdit(t.obj, rec))
        throw sfError(
          400,
          'INSUFFICIENT_ACCESS_OR_READONLY',
          `insufficient access rights on object id: ${String(rec.Id)} (${t.obj.name}: the user may read this record but not edit it)`
        );
    }
    const values = this.prepare(t.obj, body, 'update', opts);
    if (records) this.checkReferences(t.obj, values, records);
    const before: Rec = { ...rec };
    const next: Rec = { ...rec, ...values };
    this.derive(t.obj, next);
    this.checkRequired(t, next);
    if (!opts.system) this.checkRules(t, next, rec);
    this.checkUnique(t, rec, values);
    this.unindex(t, rec);
    Object.assign(rec, next);
    rec.LastModifiedDate = rec.SystemModstamp = sfDateTime(this.now());
    rec.LastModifiedById = this.currentUserId;
    this.index(t, rec);
    this.journal?.push(() => {
      this.unindex(t, rec);
      Object.assign(rec, before);
      this.index(t, rec);
    });
    recordOpportunityHistory(this, t.obj, rec, before);
    this.changed();
  }

  /**
   * Deletes a record (soft: queryAll still sees it) with what goes with it (master-detail children,
   * Cascade lookups) and clears SetNull lookups to them; a Restrict lookup refuses it (DELETE_FAILED).
   */
  delete(type: string, id: string): void {
    const t = this.table(type);
    const rec = this.get(type, id);
    if (!rec) throw sfError(404, 'ENTITY_IS_DELETED', 'entity is deleted');
    this.checkDeleteAccess(t.obj, rec);
    if (!t.obj.deletable)
      throw sfError(
        400,
        'CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY',
        `entity type ${t.obj.name} does not support delete`
      );
    const plan = planDelete(
      {
        schema: this.schema,
        referencing: (child, field, ids) => {
          const index = this.table(child.name).childIndex.get(field.name);
          if (index) return [...ids].flatMap((p) => [...(index.get(p) ?? [])].filter((k) => !k.IsDeleted));
          return this.table(child.name).rows.filter((r) => !r.IsDeleted && ids.has(r[field.name] as string));
        }
      },
      t.obj,
      rec
    );
    if (plan.refusal) throw sfError(400, 'DELETE_FAILED', plan.refusal);
    for (const d of plan.deleted) this.markDeleted(this.table(d.obj.name), d.rec);
    const stamp = sfDateTime(this.now());
    for (const c of plan.cleared) {
      const before = { [c.field]: c.rec[c.field], SystemModstamp: c.rec.SystemModstamp };
      c.rec[c.field] = null;
      c.rec.SystemModstamp = stamp;
      this.journal?.push(() => Object.assign(c.rec, before));
    }
    this.changed();
  }

  private markDeleted(t: Table, rec: Rec): void {
    const before = { IsDeleted: rec.IsDeleted, SystemModstamp: rec.SystemModstamp };
    this.unindex(t, rec);
    rec.IsDeleted = true;
    rec.SystemModstamp = sfDateTime(this.now());
    this.journal?.push(() => {
      Object.assign(rec, before);
      this.index(t, rec);
    });
  }

  /**
   * Upserts by external id: no match creates (201), one match updates (200), several are a 300.
   * The external id value from the URL wins over one in the body.
   */
  upsert(
    type: string,
    externalField: string,
    value: string,
    body: Record<string, unknown>,
    opts: WriteOptions = {}
  ): { id: string; created: boolean } {
    const t = this.table(type);
    const f = this.fieldOf(t.obj, externalField);
    if (!f.externalId && f.name !== 'Id')
      throw sfError(
        400,
        'INVALID_FIELD',
        `Field ${f.name} is not an external ID or indexed field for ${t.obj.name}`,
        [f.name]
      );
    const matches = this.findByKey(type, f.name, value);
    if (matches.length > 1)
      throw new SfError(
        300,
        matches.map((m) => ({
          message: `${t.obj.name}/${String(m.Id)}`,
          errorCode: 'MULTIPLE_CHOICES',
          fields: []
        }))
      );
    const rest: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body))
      if (k.toLowerCase() !== f.name.toLowerCase() && k !== 'Id') rest[k] = v;
    if (matches.length === 1) {
      this.update(type, matches[0].Id as string, rest, opts);
      return { id: matches[0].Id as string, created: false };
    }
    if (f.name === 'Id')
      throw sfError(404, 'NOT_FOUND', 'Provided external ID field does not exist or is not accessible: Id');
    return { id: this.create(type, { ...rest, [f.name]: value }, opts), created: true };
  }

  /** Computes a roll-up summary field for a parent record from its master-detail children. */
  rollup(obj: ObjectDef, f: FieldDef, rec: Rec): number | string | null {
    const s = f.summary;
    if (!s) return null;
    const child = this.table(s.childObject);
    const kids = child.childIndex.get(s.childField)?.get(rec.Id as string);
    let count = 0;
    let acc: number | string | null = null;
    const cf = s.summarizedField ? child.obj.fieldMap.get(s.summarizedField.toLowerCase()) : undefined;
    if (kids) {
      for (const k of kids) {
        if (k.IsDeleted || !summaryMatches(s.filters, k)) continue;
        if (s.operation === 'count') {
          count++;
          continue;
        }
        const v = cf ? k[cf.name] : null;
        if (v === null || v === undefined) continue;
        if (s.operation === 'sum') acc = ((acc as number | null) ?? 0) + Number(v);
        else if (acc === null || (s.operation === 'min' ? v < acc : v > acc)) acc = v as number | string;
      }
    }
    if (s.operation === 'count') return count;
    if (s.operation === 'sum') return acc ?? 0;
    void obj;
    return acc;
  }

  /** Writes every table to a newline-delimited JSON file (streamed, so large orgs fit). */
  async save(file: string): Promise<void> {
    const tmp = `${file}.tmp`;
    const out = fs.createWriteStream(tmp);
    const write = (line: string): Promise<void> =>
      new Promise((resolve) => (out.write(line) ? resolve() : out.once('drain', () => resolve())));
    await write(JSON.stringify({ format: 'local-org-data', version: 1 }) + '\n');
    for (const t of this.tables.values()) {
      await write(
        JSON.stringify({
          table: t.obj.name,
          nextNum: t.nextNum,
          autoNumbers: Object.fromEntries(t.autoNumbers)
        }) + '\n'
      );
      for (const r of t.rows) await write(JSON.stringify(r) + '\n');
    }
    await new Promise<void>((resolve, reject) =>
      out.end((err?: Error | null) => (err ? reject(err) : resolve()))
    );
    fs.renameSync(tmp, file);
  }

  /** Replaces the store's data with a file written by save(). Unknown tables and fields are skipped. */
  async load(file: string): Promise<void> {
    const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let current: Table | null = null;
    let first = true;
    const seen = new Set<Table>();
    for await (const line of rl) {
      if (!line.trim()) continue;
      const obj = JSON.parse(line) as Record<string, unknown>;
      if (first) {
        if (obj.format !== 'local-org-data') throw new Error(`${file} is not a local org data file`);
        first = false;
        continue;
      }
      if (typeof obj.table === 'string') {
        current = this.tables.get(obj.table.toLowerCase()) ?? null;
        if (current) {
          current.rows.length = 0;
          current.byId.clear();
          for (const m of current.keyIndex.values()) m.clear();
          for (const m of current.childIndex.values()) m.clear();
          current.nextNum = Number(obj.nextNum) || 1;
          for (const [k, v] of Object.entries((obj.autoNumbers ?? {}) as Record<string, number>))
            current.autoNumbers.set(k, v);
          seen.add(current);
        }
        continue;
      }
      if (!current) continue;
      const rec = this.blank(current);
      for (const f of current.stored) if (f.name in obj) rec[f.name] = obj[f.name] as SfValue;
      current.rows.push(rec);
      current.byId.set(rec.Id as string, rec);
      if (!rec.IsDeleted) this.index(current, rec);
    }
    const admin = this.table('User').byId.get(this.currentUserId);
    if (!admin) throw new Error(`${file} does not contain the local admin user ${this.currentUserId}`);
  }
}

/** Whether a child record passes a roll-up summary's filter criteria. */
function summaryMatches(filters: { field: string; operation: string; value: string }[], rec: Rec): boolean {
  for (const flt of filters) {
    const v = rec[flt.field];
    const text = v === null || v === undefined ? '' : String(v);
    const options = flt.value.split(',').map((s) => s.trim());
    const num = Number(flt.value);
    switch (flt.operation) {
      case 'equals':
        if (!options.some((o) => o.toLowerCase() === text.toLowerCase())) return false;
        break;
      case 'notEqual':
        if (options.some((o) => o.toLowerCase() === text.toLowerCase())) return false;
        break;
      case 'lessThan':
        if (!(Number(v) < num)) return false;
        break;
      case 'greaterThan':
        if (!(Number(v) > num)) return false;
        break;
      case 'lessOrEqual':
        if (!(Number(v) <= num)) return false;
        break;
      case 'greaterOrEqual':
        if (!(Number(v) >= num)) return false;
        break;
      case 'contains':
        if (!options.some((o) => text.toLowerCase().includes(o.toLowerCase()))) return false;
        break;
      case 'notContain':
        if (options.some((o) => text.toLowerCase().includes(o.toLowerCase()))) return false;
        break;
      case 'startsWith':
        if (!options.some((o) => text.toLowerCase().startsWith(o.toLowerCase()))) return false;
        break;
      case 'includes':
        if (!options.some((o) => text.split(';').includes(o))) return false;
        break;
      case 'excludes':
        if (options.some((o) => text.split(';').includes(o))) return false;
        break;
      default:
        throw new Error(`Unsupported roll-up filter operation ${flt.operation}`);
    }
  }
  return true;
}
