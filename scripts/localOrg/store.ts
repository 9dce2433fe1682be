/**
 * The local org's in-memory database: one table per object, writes validated against the schema,
 * the validation rules and the acting user's access the way Salesforce validates them, and
 * transactions that roll back. Used by REST, SOQL, Bulk 2.0 and GraphQL. Records and tables live
 * in records.ts, value coercion in coerce.ts, validation rules in rules.ts, roll-ups in
 * rollups.ts, persistence in persistence.ts and access in access/.
 */
import { makeId, normalizeId } from '../metadata/ids';
import {
  LEAD_STATUSES,
  OPPORTUNITY_STAGES,
  type FieldDef,
  type ObjectDef,
  type Schema
} from '../metadata/schema';
import type { FiscalSettings } from './fiscal';
import { recordFieldHistory, recordOpportunityHistory, seedOpportunityStages } from './history';
import { planDelete } from './deletePlan';
import { currentActor } from './access/context';
import { checkDeleteAccess, checkReferences, noObjectAccess } from './access/guards';
import type { RecordAccess } from './access/sharing';
import { PROFILES } from './access/policy';
import { visibleSchema } from './access/visibleSchema';
import { coerceValue } from './coerce';
import { sfDateTime } from '../metadata/dateTime';
import { loadTables, saveTables } from './persistence';
import { SfError, Table, sfError, type Rec, type SfValue } from './records';
import { rollupValue } from './rollups';
import { ValidationRules } from './rules';

export { IdIndex, SfError, Table, sfError } from './records';
export type { Rec, SfErrorBody, SfValue } from './records';

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
  /** The package's active validation rules, when the store evaluates them. */
  private readonly rules: ValidationRules | null;
  readonly organizationId: string;
  private journal: (() => void)[] | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly schema: Schema,
    options: StoreOptions = {}
  ) {
    this.now = options.now ?? (() => new Date());
    this.defaultPermissions = new Set(options.permissions ?? schema.customPermissions);
    this.rules = options.validationRules === true ? new ValidationRules(schema) : null;
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
    this.rules?.check(this, t, rec, before);
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

  /** Adds a row to its table's key and child indexes (the loader uses it too). */
  indexRow(t: Table, rec: Rec): void {
    this.index(t, rec);
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
  /** A row with every stored field at its empty value (the loader uses it too). */
  blankRow(t: Table): Rec {
    return this.blank(t);
  }

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
    return coerceValue(f, value, {
      schema: this.schema,
      exists: (type, id) => this.get(type, id) !== undefined
    });
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
    if (records && !records.access.object(t.obj).create) throw noObjectAccess(t.obj, 'Create');
    const values = this.prepare(t.obj, body, 'create', opts);
    if (records) checkReferences(this, t.obj, values, records);
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
    recordFieldHistory(this, t.obj, rec, null);
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
      if (!records.access.object(t.obj).edit) throw noObjectAccess(t.obj, 'Edit');
      if (!records.canEdit(t.obj, rec))
        throw sfError(
          400,
          'INSUFFICIENT_ACCESS_OR_READONLY',
          `insufficient access rights on object id: ${String(rec.Id)} (${t.obj.name}: the user may read this record but not edit it)`
        );
    }
    const values = this.prepare(t.obj, body, 'update', opts);
    if (records) checkReferences(this, t.obj, values, records);
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
    recordFieldHistory(this, t.obj, rec, before);
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
    checkDeleteAccess(this.recordAccess(), t.obj, rec);
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
  rollup(_obj: ObjectDef, f: FieldDef, rec: Rec): number | string | null {
    return rollupValue((name) => this.table(name), f, rec);
  }

  /** Writes every table to a newline-delimited JSON file (streamed, so large orgs fit). */
  save(file: string): Promise<void> {
    return saveTables(this.tables.values(), file);
  }

  /** Replaces the store's data with a file written by save(). Unknown tables and fields are skipped. */
  async load(file: string): Promise<void> {
    await loadTables(this, file);
    const admin = this.table('User').byId.get(this.currentUserId);
    if (!admin) throw new Error(`${file} does not contain the local admin user ${this.currentUserId}`);
  }
}
