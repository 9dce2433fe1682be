/**
 * The package's schema: its own object metadata (objects, fields, validation rules, permission sets,
 * parsed from force-app) plus the standard objects and fields it uses, declared in code. The one
 * reader of that metadata, shared by the validator, the local org and the preview.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { readPermissionSets, type PermissionSetDef } from './permissionSets';
import { asText, customKeyPrefix } from './ids';

/** Field types as the REST describe reports them. */
export type SfFieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'double'
  | 'int'
  | 'currency'
  | 'percent'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'picklist'
  | 'multipicklist'
  | 'reference'
  | 'email'
  | 'url'
  | 'phone';

/** One picklist entry. */
export interface PicklistValue {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

/** A roll-up summary filter criterion (from summaryFilterItems). */
export interface SummaryFilter {
  field: string;
  operation: string;
  value: string;
}

/** How a roll-up summary field is computed from the children of its master-detail relationship. */
export interface SummaryDef {
  operation: 'count' | 'sum' | 'min' | 'max';
  childObject: string;
  /** The master-detail field on the child that points at this object. */
  childField: string;
  /** The summarized child field (absent for count). */
  summarizedField?: string;
  filters: SummaryFilter[];
}

/** A field of an object, with everything describe, validation and SOQL need. */
export interface FieldDef {
  name: string;
  label: string;
  type: SfFieldType;
  /** Metadata type it came from (Text, Summary, Formula, AutoNumber...) or 'Standard'. */
  sourceType: string;
  length: number;
  precision: number;
  scale: number;
  nillable: boolean;
  /** Required on create (REQUIRED_FIELD_MISSING when absent and no default). */
  required: boolean;
  createable: boolean;
  updateable: boolean;
  externalId: boolean;
  unique: boolean;
  caseSensitive: boolean;
  custom: boolean;
  nameField: boolean;
  calculated: boolean;
  autoNumber: boolean;
  defaultValue: unknown;
  picklistValues: PicklistValue[];
  restrictedPicklist: boolean;
  referenceTo: string[];
  /** Parent relationship name used in SOQL paths (Owner, Competency__r). */
  relationshipName: string | null;
  /** Child relationship name the parent sees (Behavior_Ratings__r), for references. */
  childRelationshipName: string | null;
  masterDetail: boolean;
  cascadeDelete: boolean;
  /** A lookup's declared delete rule (deleteConstraint); null when the metadata names none. */
  deleteConstraint: 'SetNull' | 'Restrict' | 'Cascade' | null;
  summary: SummaryDef | null;
  /** AutoNumber display format such as A-{000000}. */
  displayFormat: string | null;
  startingNumber: number;
  /** Field history tracking is on for this field (its object has enableHistory). */
  trackHistory?: boolean;
}

/** An active or inactive validation rule of an object (evaluated by the store when enabled). */
export interface ValidationRuleDef {
  name: string;
  active: boolean;
  formula: string;
  errorMessage: string;
  errorDisplayField: string | null;
}

/** A child relationship as describe lists it. */
export interface ChildRelationship {
  childSObject: string;
  field: string;
  relationshipName: string | null;
  cascadeDelete: boolean;
}

/** An object (sObject type) of the local org. */
export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  /** Whether the object has an OwnerId (false for master-detail children and some standard objects). */
  owned: boolean;
  createable: boolean;
  updateable: boolean;
  deletable: boolean;
  fields: FieldDef[];
  /** Lower-case field name to field. */
  fieldMap: Map<string, FieldDef>;
  /** Lower-case parent relationship name to its reference field. */
  relationshipMap: Map<string, FieldDef>;
  childRelationships: ChildRelationship[];
  validationRules: ValidationRuleDef[];
  /** Organization-wide default for record access (the object's sharingModel). */
  sharingModel: SharingModel;
  /** Whether users above a record's owner in the role hierarchy get the owner's access. */
  grantsAccessUsingHierarchies: boolean;
  /** The field naming the record's owner for sharing (OwnerId, or QuotaOwnerId...); null when unowned. */
  ownerField: string | null;
  /** The field whose parent record's access a ControlledByParent record follows (the master-detail field unless named). */
  controlledBy: string | null;
}

/** Organization-wide defaults as object metadata spells them. */
export type SharingModel = 'Private' | 'Read' | 'ReadWrite' | 'ControlledByParent';

/** Options for building a schema. */
export interface SchemaOptions {
  /** The package source folder holding objects/ and globalValueSets/ (default force-app/main/default). */
  metadataDir?: string;
}

const DEFAULTS: Omit<FieldDef, 'name' | 'label' | 'type'> = {
  sourceType: 'Standard',
  length: 0,
  precision: 0,
  scale: 0,
  nillable: true,
  required: false,
  createable: true,
  updateable: true,
  externalId: false,
  unique: false,
  caseSensitive: false,
  custom: false,
  nameField: false,
  calculated: false,
  autoNumber: false,
  defaultValue: null,
  picklistValues: [],
  restrictedPicklist: false,
  referenceTo: [],
  relationshipName: null,
  childRelationshipName: null,
  masterDetail: false,
  cascadeDelete: false,
  deleteConstraint: null,
  summary: null,
  displayFormat: null,
  startingNumber: 1
};

/** Builds a field with the defaults filled in. */
export function field(name: string, type: SfFieldType, extra: Partial<FieldDef> = {}): FieldDef {
  const f: FieldDef = { ...DEFAULTS, name, label: extra.label ?? labelOf(name), type, ...extra };
  if (type === 'string' && !f.length) f.length = 255;
  if (type === 'textarea' && !f.length) f.length = 255;
  if ((type === 'email' || type === 'url' || type === 'phone') && !f.length) f.length = 255;
  if (type === 'picklist' && !f.length) f.length = 255;
  if (type === 'multipicklist' && !f.length) f.length = 4099;
  if (type === 'id' || type === 'reference') f.length = 18;
  if (type === 'boolean') f.nillable = false;
  return f;
}

function labelOf(apiName: string): string {
  return apiName
    .replace(/__c$|__r$/, '')
    .replace(/Id$/, '')
    .replace(/_/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .trim();
}

const ref = (name: string, to: string, relationshipName: string, extra: Partial<FieldDef> = {}): FieldDef =>
  field(name, 'reference', { referenceTo: [to], relationshipName, ...extra });
const ro = { createable: false, updateable: false };
const picklist = (values: string[], extra: Partial<FieldDef> = {}): Partial<FieldDef> => ({
  picklistValues: values.map((v) => ({ value: v, label: v, active: true, defaultValue: false })),
  ...extra
});

/** Standard Opportunity stages with their default probability and closed/won flags. */
export const OPPORTUNITY_STAGES: { name: string; probability: number; closed: boolean; won: boolean }[] = [
  { name: 'Prospecting', probability: 10, closed: false, won: false },
  { name: 'Qualification', probability: 10, closed: false, won: false },
  { name: 'Needs Analysis', probability: 20, closed: false, won: false },
  { name: 'Value Proposition', probability: 50, closed: false, won: false },
  { name: 'Id. Decision Makers', probability: 60, closed: false, won: false },
  { name: 'Perception Analysis', probability: 70, closed: false, won: false },
  { name: 'Proposal/Price Quote', probability: 75, closed: false, won: false },
  { name: 'Negotiation/Review', probability: 90, closed: false, won: false },
  { name: 'Closed Won', probability: 100, closed: true, won: true },
  { name: 'Closed Lost', probability: 0, closed: true, won: false }
];

/** Standard Lead statuses; the converted one marks IsConverted. */
export const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted'
];

interface StandardSpec {
  name: string;
  keyPrefix: string;
  owned: boolean;
  createable?: boolean;
  /** Organization-wide default (ReadWrite when not given). */
  sharingModel?: SharingModel;
  /** Owner field for sharing when it is not OwnerId. */
  ownerField?: string;
  /** For a ControlledByParent standard object: the lookup whose record's access it follows. */
  controlledBy?: string;
  fields: FieldDef[];
}

/** The standard objects and fields the package touches, declared in code. */
function standardObjects(): StandardSpec[] {
  const name = (extra: Partial<FieldDef> = {}) =>
    field('Name', 'string', { nameField: true, length: 80, ...extra });
  return [
    {
      name: 'User',
      keyPrefix: '005',
      owned: false,
      sharingModel: 'Read',
      ownerField: 'Id',
      fields: [
        name({ length: 121, ...ro, calculated: true }),
        field('FirstName', 'string', { length: 40 }),
        field('LastName', 'string', { length: 80, required: true, nillable: false }),
        field('Username', 'string', { length: 80, required: true, nillable: false, unique: true }),
        field('Email', 'email', { length: 128, required: true, nillable: false }),
        field('Alias', 'string', { length: 8 }),
        field('Title', 'string', { length: 80 }),
        field('IsActive', 'boolean', { defaultValue: true }),
        ref('ManagerId', 'User', 'Manager', { childRelationshipName: 'ManagedUsers' }),
        ref('UserRoleId', 'UserRole', 'UserRole', { childRelationshipName: 'Users' }),
        ref('ProfileId', 'Profile', 'Profile', { childRelationshipName: 'Users' })
      ]
    },
    {
      name: 'UserRole',
      keyPrefix: '00E',
      owned: false,
      sharingModel: 'Read',
      fields: [
        name({ required: true, nillable: false }),
        field('DeveloperName', 'string', { length: 80 }),
        ref('ParentRoleId', 'UserRole', 'ParentRole')
      ]
    },
    {
      name: 'Profile',
      keyPrefix: '00e',
      owned: false,
      sharingModel: 'Read',
      fields: [
        name({ required: true, nillable: false }),
        field('PermissionsViewAllData', 'boolean', { defaultValue: false }),
        field('PermissionsModifyAllData', 'boolean', { defaultValue: false })
      ]
    },
    {
      name: 'PermissionSet',
      keyPrefix: '0PS',
      owned: false,
      sharingModel: 'Read',
      fields: [
        name({ required: true, nillable: false }),
        field('Label', 'string', { length: 80 }),
        field('IsOwnedByProfile', 'boolean', { defaultValue: false })
      ]
    },
    {
      name: 'PermissionSetAssignment',
      keyPrefix: '0Pa',
      owned: false,
      sharingModel: 'Read',
      fields: [
        ref('AssigneeId', 'User', 'Assignee', { required: true, nillable: false }),
        ref('PermissionSetId', 'PermissionSet', 'PermissionSet', {
          required: true,
          nillable: false,
          childRelationshipName: 'Assignments'
        })
      ]
    },
    {
      name: 'Account',
      keyPrefix: '001',
      owned: true,
      fields: [
        name({ length: 255, required: true, nillable: false }),
        field(
          'Type',
          'picklist',
          picklist(['Prospect', 'Customer - Direct', 'Customer - Channel', 'Partner'])
        ),
        field(
          'Industry',
          'picklist',
          picklist(['Technology', 'Finance', 'Healthcare', 'Manufacturing', 'Retail'])
        ),
        field('AnnualRevenue', 'currency', { precision: 18, scale: 0 })
      ]
    },
    {
      name: 'Opportunity',
      keyPrefix: '006',
      owned: true,
      sharingModel: 'Private',
      fields: [
        name({ length: 120, required: true, nillable: false }),
        ref('AccountId', 'Account', 'Account', {
          childRelationshipName: 'Opportunities',
          deleteConstraint: 'Cascade',
          cascadeDelete: true
        }),
        field('StageName', 'picklist', {
          ...picklist(OPPORTUNITY_STAGES.map((s) => s.name)),
          required: true,
          nillable: false
        }),
        field('Amount', 'currency', { precision: 18, scale: 2 }),
        field('CloseDate', 'date', { required: true, nillable: false }),
        field('Probability', 'percent', { precision: 3, scale: 0 }),
        field('IsClosed', 'boolean', { ...ro, calculated: false }),
        field('IsWon', 'boolean', { ...ro }),
        field('Type', 'picklist', picklist(['New Business', 'Existing Business'])),
        field('LeadSource', 'picklist', picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Other'])),
        field(
          'ForecastCategoryName',
          'picklist',
          picklist(['Pipeline', 'Best Case', 'Commit', 'Closed', 'Omitted'])
        )
      ]
    },
    {
      name: 'Lead',
      keyPrefix: '00Q',
      owned: true,
      sharingModel: 'Private',
      fields: [
        name({ length: 121, ...ro, calculated: true }),
        field('FirstName', 'string', { length: 40 }),
        field('LastName', 'string', { length: 80, required: true, nillable: false }),
        field('Company', 'string', { length: 255, required: true, nillable: false }),
        field('Email', 'email', { length: 80 }),
        field('Status', 'picklist', { ...picklist(LEAD_STATUSES), required: true, nillable: false }),
        field('LeadSource', 'picklist', picklist(['Web', 'Phone Inquiry', 'Partner Referral', 'Other'])),
        field('IsConverted', 'boolean', { ...ro }),
        field('ConvertedDate', 'date', { ...ro }),
        ref('ConvertedOpportunityId', 'Opportunity', 'ConvertedOpportunity', { ...ro })
      ]
    },
    {
      name: 'Organization',
      keyPrefix: '00D',
      owned: false,
      sharingModel: 'Read',
      createable: false,
      fields: [
        name({ ...ro }),
        field('FiscalYearStartMonth', 'int', { ...ro, precision: 2 }),
        field('UsesStartDateAsFiscalYearName', 'boolean', { ...ro }),
        field('DefaultCurrencyIsoCode', 'picklist', { ...ro, ...picklist(['USD', 'EUR', 'GBP']) }),
        field('OrganizationType', 'string', { ...ro }),
        field('IsSandbox', 'boolean', { ...ro }),
        field('InstanceName', 'string', { ...ro }),
        field('NamespacePrefix', 'string', { ...ro }),
        field('TrialExpirationDate', 'datetime', { ...ro })
      ]
    },
    {
      name: 'ForecastingType',
      keyPrefix: '0Db',
      owned: false,
      sharingModel: 'Read',
      fields: [
        field('DeveloperName', 'string', { length: 80, required: true, nillable: false }),
        field('MasterLabel', 'string', { length: 80 }),
        field('IsActive', 'boolean', { defaultValue: false }),
        field('IsAmount', 'boolean', { defaultValue: true }),
        field('IsQuantity', 'boolean', { defaultValue: false })
      ]
    },
    {
      name: 'ForecastingQuota',
      keyPrefix: '0J9',
      owned: false,
      sharingModel: 'Private',
      ownerField: 'QuotaOwnerId',
      fields: [
        ref('QuotaOwnerId', 'User', 'QuotaOwner', { required: true, nillable: false }),
        field('StartDate', 'date', { required: true, nillable: false }),
        field('QuotaAmount', 'currency', { precision: 18, scale: 2 }),
        field('QuotaQuantity', 'double', { precision: 18, scale: 2 }),
        ref('ForecastingTypeId', 'ForecastingType', 'ForecastingType'),
        field('IsAmount', 'boolean', { defaultValue: true }),
        field('IsQuantity', 'boolean', { defaultValue: false })
      ]
    },
    {
      name: 'Period',
      keyPrefix: '026',
      owned: false,
      sharingModel: 'Read',
      createable: false,
      fields: [
        field('Type', 'picklist', { ...ro, ...picklist(['Month', 'Quarter', 'Year']) }),
        field('StartDate', 'date', { ...ro }),
        field('EndDate', 'date', { ...ro }),
        field('Number', 'int', { ...ro }),
        field('FullyQualifiedLabel', 'string', { ...ro }),
        field('IsForecastPeriod', 'boolean', { ...ro })
      ]
    },
    {
      // One row per change of an opportunity's stage, amount, close date or probability (and one
      // on creation), written by the platform: read-only through the API.
      name: 'OpportunityHistory',
      keyPrefix: '008',
      owned: false,
      // Salesforce shares history with its opportunity: whoever reads the opportunity reads its history.
      sharingModel: 'ControlledByParent',
      controlledBy: 'OpportunityId',
      createable: false,
      fields: [
        ref('OpportunityId', 'Opportunity', 'Opportunity', {
          ...ro,
          nillable: false,
          // history goes with its opportunity
          deleteConstraint: 'Cascade',
          childRelationshipName: 'OpportunityHistories'
        }),
        field('StageName', 'picklist', { ...ro, ...picklist(OPPORTUNITY_STAGES.map((s) => s.name)) }),
        field('FromOpportunityStageName', 'picklist', {
          ...ro,
          ...picklist(OPPORTUNITY_STAGES.map((s) => s.name))
        }),
        field('Amount', 'currency', { ...ro, precision: 18, scale: 2 }),
        field('CloseDate', 'date', { ...ro }),
        field('Probability', 'percent', { ...ro, precision: 3, scale: 0 }),
        field('ForecastCategory', 'picklist', {
          ...ro,
          ...picklist(['Pipeline', 'BestCase', 'Forecast', 'Closed', 'Omitted'])
        })
      ]
    },
    {
      // The org's stage picklist with its order and meaning (Setup data: read-only through the API).
      name: 'OpportunityStage',
      keyPrefix: '01J',
      owned: false,
      sharingModel: 'Read',
      createable: false,
      fields: [
        field('ApiName', 'string', { ...ro }),
        field('MasterLabel', 'string', { ...ro }),
        field('SortOrder', 'int', { ...ro }),
        field('IsActive', 'boolean', { ...ro }),
        field('IsClosed', 'boolean', { ...ro }),
        field('IsWon', 'boolean', { ...ro }),
        field('DefaultProbability', 'percent', { ...ro, precision: 3, scale: 0 }),
        field('ForecastCategoryName', 'picklist', {
          ...ro,
          ...picklist(['Pipeline', 'Best Case', 'Commit', 'Closed', 'Omitted'])
        })
      ]
    }
  ];
}

/** Standard audit fields added to every object. */
export function auditFields(owned: boolean): FieldDef[] {
  const out = [
    field('Id', 'id', { ...ro, nillable: false, label: 'Record ID' }),
    field('IsDeleted', 'boolean', { ...ro }),
    field('CreatedDate', 'datetime', { ...ro, nillable: false }),
    ref('CreatedById', 'User', 'CreatedBy', { ...ro, nillable: false }),
    field('LastModifiedDate', 'datetime', { ...ro, nillable: false }),
    ref('LastModifiedById', 'User', 'LastModifiedBy', { ...ro, nillable: false }),
    field('SystemModstamp', 'datetime', { ...ro, nillable: false })
  ];
  if (owned)
    out.push(ref('OwnerId', 'User', 'Owner', { nillable: false, updateable: true, createable: true }));
  return out;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) =>
    ['fields', 'value', 'customValue', 'summaryFilterItems', 'referenceTo', 'validationRules'].includes(name)
});

function readXml(file: string): Record<string, unknown> {
  const parsed = parser.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  const root = Object.keys(parsed).find((k) => k !== '?xml');
  if (!root) throw new Error(`${file}: empty XML document`);
  return (parsed[root] ?? {}) as Record<string, unknown>;
}

const str = (v: unknown): string | undefined =>
  v === undefined || v === null || v === '' ? undefined : asText(v);
const bool = (v: unknown): boolean => String(v) === 'true';
const num = (v: unknown, d = 0): number => (v === undefined || v === '' ? d : Number(v));

/** Reads the global value sets (name to picklist values) under globalValueSets/. */
function readGlobalValueSets(dir: string): Map<string, PicklistValue[]> {
  const out = new Map<string, PicklistValue[]>();
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.globalValueSet-meta.xml')) continue;
    const xml = readXml(path.join(dir, file));
    const values = ((xml.customValue as Record<string, unknown>[]) ?? []).map((v) => ({
      value: String(v.fullName),
      label: str(v.label) ?? String(v.fullName),
      active: v.isActive === undefined ? true : bool(v.isActive),
      defaultValue: bool(v.default)
    }));
    out.set(file.replace('.globalValueSet-meta.xml', ''), values);
  }
  return out;
}

/** Reads an object folder's validationRules/*.validationRule-meta.xml. */
function readValidationRules(folder: string): ValidationRuleDef[] {
  const dir = path.join(folder, 'validationRules');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.validationRule-meta.xml'))
    .sort()
    .map((f) => {
      const xml = readXml(path.join(dir, f));
      return {
        name: asText(xml.fullName, f.replace('.validationRule-meta.xml', '')),
        active: bool(xml.active),
        formula: asText(xml.errorConditionFormula),
        errorMessage: asText(xml.errorMessage, 'Validation failed'),
        errorDisplayField: str(xml.errorDisplayField) ?? null
      };
    });
}

/** Parses a metadata default value (a formula literal such as 1, true, "text") into a value. */
function parseDefault(raw: string | undefined, type: SfFieldType): unknown {
  if (raw === undefined) return type === 'boolean' ? false : null;
  const t = raw.trim();
  if (type === 'boolean') return t.toLowerCase() === 'true';
  if (/^".*"$|^'.*'$/.test(t)) return t.slice(1, -1);
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return null; // a formula default the local org does not evaluate
}

const TYPE_MAP: Record<string, SfFieldType> = {
  Text: 'string',
  TextArea: 'textarea',
  LongTextArea: 'textarea',
  Html: 'textarea',
  Number: 'double',
  Currency: 'currency',
  Percent: 'percent',
  Checkbox: 'boolean',
  Date: 'date',
  DateTime: 'datetime',
  Picklist: 'picklist',
  MultiselectPicklist: 'multipicklist',
  Lookup: 'reference',
  MasterDetail: 'reference',
  AutoNumber: 'string',
  Email: 'email',
  Url: 'url',
  Phone: 'phone'
};

/** Turns one CustomField XML into a field definition; Summary types are resolved later. */
function parseField(
  objectName: string,
  xml: Record<string, unknown>,
  gvs: Map<string, PicklistValue[]>
): FieldDef {
  const name = String(xml.fullName);
  const sourceType = asText(xml.type, xml.formula ? 'Formula' : '');
  const where = `${objectName}.${name}`;
  let type: SfFieldType;
  if (sourceType === 'Formula' || (xml.formula !== undefined && sourceType !== 'Summary')) {
    type = TYPE_MAP[String(xml.type)] ?? 'string';
  } else if (sourceType === 'Summary') {
    type = 'double';
  } else {
    const mapped = TYPE_MAP[sourceType];
    if (!mapped) throw new Error(`${where}: unsupported field type "${sourceType}"`);
    type = mapped;
  }
  const isFormula = xml.formula !== undefined;
  const f = field(name, type, {
    label: str(xml.label) ?? name,
    sourceType: isFormula ? 'Formula' : sourceType,
    custom: name.endsWith('__c'),
    length: num(xml.length, type === 'textarea' && sourceType === 'TextArea' ? 255 : 0),
    precision: num(xml.precision, type === 'double' || type === 'currency' || type === 'percent' ? 18 : 0),
    scale: num(xml.scale, 0),
    externalId: bool(xml.externalId),
    unique: bool(xml.unique),
    caseSensitive: bool(xml.caseSensitive)
  });
  if (sourceType === 'LongTextArea' || sourceType === 'Html') f.length = num(xml.length, 32768);
  if (sourceType === 'AutoNumber') {
    Object.assign(f, { autoNumber: true, createable: false, updateable: false, nillable: false });
    f.displayFormat = str(xml.displayFormat) ?? '{0}';
    f.length = 30;
  }
  if (isFormula || sourceType === 'Summary')
    Object.assign(f, { calculated: true, createable: false, updateable: false });
  if (sourceType === 'Summary') {
    f.summary = {
      operation: asText(xml.summaryOperation, 'count').toLowerCase() as SummaryDef['operation'],
      childObject: asText(xml.summaryForeignKey).split('.')[0],
      childField: asText(xml.summaryForeignKey).split('.')[1] ?? '',
      summarizedField: str(xml.summarizedField)?.split('.')[1],
      filters: ((xml.summaryFilterItems as Record<string, unknown>[]) ?? []).map((it) => ({
        field: String(it.field).split('.').pop() as string,
        operation: String(it.operation),
        value: asText(Array.isArray(it.value) ? (it.value as unknown[])[0] : it.value)
      }))
    };
    if (!f.summary.childObject || !f.summary.childField)
      throw new Error(`${where}: Summary without summaryForeignKey`);
  }
  if (type === 'picklist' || type === 'multipicklist') {
    const vs = (xml.valueSet ?? {}) as Record<string, unknown>;
    const setName = str(vs.valueSetName);
    if (setName) {
      const values = gvs.get(setName);
      if (!values) throw new Error(`${where}: global value set "${setName}" not found in globalValueSets/`);
      f.picklistValues = values;
      f.restrictedPicklist = true;
    } else {
      const def = (vs.valueSetDefinition ?? {}) as Record<string, unknown>;
      f.picklistValues = ((def.value as Record<string, unknown>[]) ?? []).map((v) => ({
        value: String(v.fullName),
        label: str(v.label) ?? String(v.fullName),
        active: true,
        defaultValue: bool(v.default)
      }));
      f.restrictedPicklist = bool(vs.restricted);
    }
    const dflt = f.picklistValues.find((v) => v.defaultValue);
    if (dflt) f.defaultValue = dflt.value;
  }
  if (type === 'reference') {
    const to = (xml.referenceTo as unknown[] | undefined)?.map(String) ?? [];
    if (to.length === 0) throw new Error(`${where}: lookup without referenceTo`);
    f.referenceTo = to;
    f.relationshipName = name.replace(/__c$/, '__r');
    const childRel = str(xml.relationshipName);
    f.childRelationshipName = childRel ? `${childRel}__r` : null;
    if (sourceType === 'MasterDetail') {
      f.masterDetail = true;
      f.cascadeDelete = true;
      f.nillable = false;
      f.required = true;
      f.updateable = bool(xml.reparentableMasterDetail);
    } else {
      const rule = str(xml.deleteConstraint);
      if (rule === 'SetNull' || rule === 'Restrict' || rule === 'Cascade') f.deleteConstraint = rule;
      f.cascadeDelete = rule === 'Cascade';
    }
  }
  if (bool(xml.required) && !f.calculated) {
    f.required = true;
    f.nillable = false;
  }
  if (!f.calculated && !f.autoNumber && f.defaultValue === null)
    f.defaultValue = parseDefault(str(xml.defaultValue), type);
  if (type === 'boolean') f.defaultValue = parseDefault(str(xml.defaultValue), type);
  if (f.externalId && !f.caseSensitive && (type === 'string' || type === 'email')) f.caseSensitive = false;
  return f;
}

function makeObject(spec: {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  custom: boolean;
  owned: boolean;
  createable: boolean;
  sharingModel?: SharingModel;
  grantsAccessUsingHierarchies?: boolean;
  ownerField?: string | null;
  controlledBy?: string;
  fields: FieldDef[];
}): ObjectDef {
  const obj: ObjectDef = {
    name: spec.name,
    label: spec.label,
    labelPlural: spec.labelPlural,
    keyPrefix: spec.keyPrefix,
    custom: spec.custom,
    owned: spec.owned,
    createable: spec.createable,
    updateable: spec.createable,
    deletable: spec.createable,
    fields: [],
    fieldMap: new Map(),
    relationshipMap: new Map(),
    childRelationships: [],
    validationRules: [],
    sharingModel: spec.sharingModel ?? 'ReadWrite',
    grantsAccessUsingHierarchies: spec.grantsAccessUsingHierarchies ?? true,
    ownerField: spec.ownerField !== undefined ? spec.ownerField : spec.owned ? 'OwnerId' : null,
    controlledBy: spec.controlledBy ?? null
  };
  for (const f of [...auditFields(spec.owned), ...spec.fields]) addField(obj, f);
  return obj;
}

/**
 * The field history object Salesforce keeps for a custom object with enableHistory
 * (`Assessment__c` -> `Assessment__History`): one row per change of a tracked field (and one
 * `created` row), written by the platform, read-only, and readable by whoever reads the parent.
 * OldValue and NewValue are anyType in Salesforce; the local org stores their text.
 */
function historyObject(
  parent: string,
  parentLabel: string,
  fields: FieldDef[],
  keyPrefix: string
): ObjectDef {
  const tracked = fields.filter((f) => f.trackHistory).map((f) => f.name);
  return makeObject({
    name: parent.replace(/__c$/, '__History'),
    label: `${parentLabel} History`,
    labelPlural: `${parentLabel} History`,
    keyPrefix,
    custom: false,
    owned: false,
    createable: false,
    sharingModel: 'ControlledByParent',
    controlledBy: 'ParentId',
    fields: [
      ref('ParentId', parent, 'Parent', {
        ...ro,
        nillable: false,
        deleteConstraint: 'Cascade',
        cascadeDelete: true,
        childRelationshipName: 'Histories'
      }),
      field('Field', 'picklist', { ...ro, ...picklist(['created', ...tracked]) }),
      field('DataType', 'string', { ...ro }),
      field('OldValue', 'string', { ...ro }),
      field('NewValue', 'string', { ...ro })
    ]
  });
}

/** Adds (or replaces) a field on an object, keeping the lookup maps in step. */
function addField(obj: ObjectDef, f: FieldDef): void {
  const key = f.name.toLowerCase();
  const existing = obj.fieldMap.get(key);
  if (existing) obj.fields[obj.fields.indexOf(existing)] = f;
  else obj.fields.push(f);
  obj.fieldMap.set(key, f);
  if (f.relationshipName) obj.relationshipMap.set(f.relationshipName.toLowerCase(), f);
}

/** The whole schema of the local org, with case-insensitive lookups by object and field name. */
export class Schema {
  readonly objects = new Map<string, ObjectDef>();
  /** Custom permission names from customPermissions/. */
  customPermissions: string[] = [];
  /** The package's permission sets by API name, from permissionsets/. */
  permissionSets = new Map<string, PermissionSetDef>();
  private readonly byPrefix = new Map<string, ObjectDef>();

  /** Registers an object definition (used by the loader and by tests that declare their own objects). */
  add(obj: ObjectDef): void {
    this.objects.set(obj.name.toLowerCase(), obj);
    this.byPrefix.set(obj.keyPrefix, obj);
  }

  /** The object with this API name, or undefined. */
  find(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  /** The object owning an id, by its key prefix. */
  objectForId(id: string): ObjectDef | undefined {
    return this.byPrefix.get(id.slice(0, 3));
  }

  /** All objects in name order. */
  list(): ObjectDef[] {
    return [...this.objects.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Recomputes child relationships and summary field types after all objects are in. */
  link(): void {
    for (const obj of this.objects.values()) obj.childRelationships = [];
    for (const child of this.objects.values()) {
      for (const f of child.fields) {
        if (f.type !== 'reference') continue;
        for (const to of f.referenceTo) {
          const parent = this.find(to);
          if (!parent) continue;
          parent.childRelationships.push({
            childSObject: child.name,
            field: f.name,
            relationshipName: f.childRelationshipName,
            cascadeDelete: f.cascadeDelete
          });
        }
      }
    }
    for (const obj of this.objects.values()) {
      for (const f of obj.fields) {
        if (!f.summary) continue;
        const child = this.find(f.summary.childObject);
        if (!child)
          throw new Error(`${obj.name}.${f.name}: roll-up child object ${f.summary.childObject} not found`);
        const summarized = f.summary.summarizedField
          ? child.fieldMap.get(f.summary.summarizedField.toLowerCase())
          : null;
        if (f.summary.summarizedField && !summarized)
          throw new Error(`${obj.name}.${f.name}: summarized field ${f.summary.summarizedField} not found`);
        if (f.summary.operation !== 'count' && summarized) {
          f.type = summarized.type === 'int' ? 'double' : summarized.type;
          f.precision = summarized.precision;
          f.scale = summarized.scale;
        } else {
          f.precision = 18;
          f.scale = 0;
        }
      }
    }
  }
}

/**
 * The standard objects the package uses, with their audit fields: the one declaration of them,
 * shared by the local org and the offline validator.
 */
export function standardObjectDefs(): ObjectDef[] {
  return standardObjects().map((s) =>
    makeObject({
      name: s.name,
      label: s.name.replace(/([a-z])([A-Z])/g, '$1 $2'),
      labelPlural: `${s.name}s`,
      keyPrefix: s.keyPrefix,
      custom: false,
      owned: s.owned,
      createable: s.createable ?? true,
      sharingModel: s.sharingModel,
      ownerField: s.ownerField,
      controlledBy: s.controlledBy,
      fields: s.fields
    })
  );
}

/** Reads an object's sharingModel; Public Read/Write spellings map to ReadWrite. */
function asSharingModel(text: string): SharingModel {
  if (text === 'Private' || text === 'Read' || text === 'ControlledByParent') return text;
  return 'ReadWrite';
}

/** Loads the schema: standard objects from code, the package's objects and User fields from metadata. */
export function loadSchema(options: SchemaOptions = {}): Schema {
  const dir = options.metadataDir ?? path.resolve(__dirname, '../../force-app/main/default');
  const schema = new Schema();
  const taken = new Set<string>();
  for (const obj of standardObjectDefs()) {
    taken.add(obj.keyPrefix);
    schema.add(obj);
  }
  const gvs = readGlobalValueSets(path.join(dir, 'globalValueSets'));
  const permDir = path.join(dir, 'customPermissions');
  schema.customPermissions = fs.existsSync(permDir)
    ? fs
        .readdirSync(permDir)
        .filter((f) => f.endsWith('.customPermission-meta.xml'))
        .map((f) => f.replace('.customPermission-meta.xml', ''))
    : [];
  schema.permissionSets = readPermissionSets(dir);
  const objectsDir = path.join(dir, 'objects');
  const names = fs.existsSync(objectsDir) ? fs.readdirSync(objectsDir).sort() : [];
  for (const name of names) {
    const folder = path.join(objectsDir, name);
    if (!fs.statSync(folder).isDirectory()) continue;
    const fieldsDir = path.join(folder, 'fields');
    const fieldXml = fs.existsSync(fieldsDir)
      ? fs
          .readdirSync(fieldsDir)
          .filter((f) => f.endsWith('.field-meta.xml'))
          .sort()
          .map((f) => readXml(path.join(fieldsDir, f)))
      : [];
    const existing = schema.find(name);
    if (existing) {
      for (const x of fieldXml) addField(existing, parseField(name, x, gvs));
      existing.validationRules = readValidationRules(folder);
      continue;
    }
    if (!name.endsWith('__c')) continue; // a standard object the local org does not model
    const metaFile = path.join(folder, `${name}.object-meta.xml`);
    const meta = fs.existsSync(metaFile) ? readXml(metaFile) : {};
    const fields = fieldXml.map((x) => parseField(name, x, gvs));
    const tracksHistory = str(meta.enableHistory) === 'true';
    if (tracksHistory) fields.forEach((f, i) => (f.trackHistory = bool(fieldXml[i].trackHistory)));
    const nameXml = (meta.nameField ?? {}) as Record<string, unknown>;
    const autoName = String(nameXml.type) === 'AutoNumber';
    const nameField = field('Name', 'string', {
      label: str(nameXml.label) ?? 'Name',
      nameField: true,
      length: 80,
      ...(autoName
        ? {
            autoNumber: true,
            createable: false,
            updateable: false,
            displayFormat: str(nameXml.displayFormat) ?? '{0}',
            startingNumber: num(nameXml.startingNumber, 1)
          }
        : {})
    });
    const sharing = asSharingModel(asText(meta.sharingModel, 'ReadWrite'));
    const owned = sharing !== 'ControlledByParent' && !fields.some((f) => f.masterDetail);
    const keyPrefix = customKeyPrefix(name, taken);
    taken.add(keyPrefix);
    schema.add(
      makeObject({
        name,
        label: str(meta.label) ?? name.replace(/__c$/, '').replace(/_/g, ' '),
        labelPlural: str(meta.pluralLabel) ?? `${name.replace(/__c$/, '').replace(/_/g, ' ')}s`,
        keyPrefix,
        custom: true,
        owned,
        createable: true,
        sharingModel: sharing,
        grantsAccessUsingHierarchies: str(meta.enableGrantAccessUsingHierarchies) !== 'false',
        fields: [nameField, ...fields]
      })
    );
    (schema.find(name) as ObjectDef).validationRules = readValidationRules(folder);
    if (tracksHistory) {
      const history = historyObject(
        name,
        str(meta.label) ?? name,
        fields,
        customKeyPrefix(`${name}History`, taken)
      );
      taken.add(history.keyPrefix);
      schema.add(history);
    }
  }
  schema.link();
  return schema;
}
