/**
 * The standard objects and fields this package reads or references, in one place, so the
 * validator and the local org agree on what exists beyond the package's own metadata.
 */

/** A standard field: its describe type and, for lookups, what it points to. */
export interface StandardField {
  name: string;
  type:
    | 'id'
    | 'string'
    | 'textarea'
    | 'email'
    | 'boolean'
    | 'int'
    | 'double'
    | 'currency'
    | 'percent'
    | 'date'
    | 'datetime'
    | 'picklist'
    | 'reference';
  referenceTo?: string[];
  relationshipName?: string;
  /** False for system fields that no API call may set. */
  createable?: boolean;
  updateable?: boolean;
  nillable?: boolean;
  picklistValues?: string[];
}

/** A standard object: its key prefix (the first three characters of its Ids) and fields. */
export interface StandardObject {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  /** Whether records have an owner (OwnerId). */
  owned: boolean;
  fields: StandardField[];
}

const SYSTEM = { createable: false, updateable: false } as const;

/** Audit fields every object has. */
export const AUDIT_FIELDS: StandardField[] = [
  { name: 'Id', type: 'id', ...SYSTEM, nillable: false },
  { name: 'IsDeleted', type: 'boolean', ...SYSTEM, nillable: false },
  { name: 'CreatedDate', type: 'datetime', ...SYSTEM },
  { name: 'CreatedById', type: 'reference', referenceTo: ['User'], relationshipName: 'CreatedBy', ...SYSTEM },
  { name: 'LastModifiedDate', type: 'datetime', ...SYSTEM },
  {
    name: 'LastModifiedById',
    type: 'reference',
    referenceTo: ['User'],
    relationshipName: 'LastModifiedBy',
    ...SYSTEM
  },
  { name: 'SystemModstamp', type: 'datetime', ...SYSTEM }
];

/** The owner field of an owned object. */
export const OWNER_FIELD: StandardField = {
  name: 'OwnerId',
  type: 'reference',
  referenceTo: ['User'],
  relationshipName: 'Owner'
};

const ref = (name: string, to: string, relationshipName: string, extra: Partial<StandardField> = {}) =>
  ({ name, type: 'reference', referenceTo: [to], relationshipName, ...extra }) as StandardField;

/** Opportunity stages of a new org's default sales process, in order. */
export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost'
];

export const STANDARD_OBJECTS: StandardObject[] = [
  {
    name: 'User',
    label: 'User',
    labelPlural: 'Users',
    keyPrefix: '005',
    owned: false,
    fields: [
      { name: 'Name', type: 'string', ...SYSTEM },
      { name: 'FirstName', type: 'string' },
      { name: 'LastName', type: 'string', nillable: false },
      { name: 'Username', type: 'string', nillable: false },
      { name: 'Email', type: 'email', nillable: false },
      { name: 'Alias', type: 'string' },
      { name: 'Title', type: 'string' },
      { name: 'IsActive', type: 'boolean' },
      ref('ManagerId', 'User', 'Manager'),
      ref('UserRoleId', 'UserRole', 'UserRole'),
      ref('ProfileId', 'Profile', 'Profile'),
      { name: 'TimeZoneSidKey', type: 'string' }
    ]
  },
  {
    name: 'UserRole',
    label: 'Role',
    labelPlural: 'Roles',
    keyPrefix: '00E',
    owned: false,
    fields: [
      { name: 'Name', type: 'string' },
      { name: 'DeveloperName', type: 'string' },
      ref('ParentRoleId', 'UserRole', 'ParentRole')
    ]
  },
  {
    name: 'Profile',
    label: 'Profile',
    labelPlural: 'Profiles',
    keyPrefix: '00e',
    owned: false,
    fields: [{ name: 'Name', type: 'string' }]
  },
  {
    name: 'Account',
    label: 'Account',
    labelPlural: 'Accounts',
    keyPrefix: '001',
    owned: true,
    fields: [
      { name: 'Name', type: 'string', nillable: false },
      { name: 'Industry', type: 'picklist' },
      { name: 'AnnualRevenue', type: 'currency' }
    ]
  },
  {
    name: 'Opportunity',
    label: 'Opportunity',
    labelPlural: 'Opportunities',
    keyPrefix: '006',
    owned: true,
    fields: [
      { name: 'Name', type: 'string', nillable: false },
      ref('AccountId', 'Account', 'Account'),
      { name: 'StageName', type: 'picklist', nillable: false, picklistValues: OPPORTUNITY_STAGES },
      { name: 'Amount', type: 'currency' },
      { name: 'CloseDate', type: 'date', nillable: false },
      { name: 'Probability', type: 'percent' },
      { name: 'IsClosed', type: 'boolean', ...SYSTEM },
      { name: 'IsWon', type: 'boolean', ...SYSTEM },
      { name: 'Type', type: 'picklist' },
      { name: 'LeadSource', type: 'picklist' },
      { name: 'ForecastCategoryName', type: 'picklist' }
    ]
  },
  {
    name: 'Lead',
    label: 'Lead',
    labelPlural: 'Leads',
    keyPrefix: '00Q',
    owned: true,
    fields: [
      { name: 'Name', type: 'string', ...SYSTEM },
      { name: 'FirstName', type: 'string' },
      { name: 'LastName', type: 'string', nillable: false },
      { name: 'Company', type: 'string', nillable: false },
      { name: 'Status', type: 'picklist', nillable: false },
      { name: 'LeadSource', type: 'picklist' },
      { name: 'IsConverted', type: 'boolean', ...SYSTEM },
      { name: 'ConvertedDate', type: 'date', ...SYSTEM },
      ref('ConvertedOpportunityId', 'Opportunity', 'ConvertedOpportunity', SYSTEM)
    ]
  },
  {
    name: 'Organization',
    label: 'Organization',
    labelPlural: 'Organizations',
    keyPrefix: '00D',
    owned: false,
    fields: [
      { name: 'Name', type: 'string' },
      { name: 'FiscalYearStartMonth', type: 'int', ...SYSTEM },
      { name: 'UsesStartDateAsFiscalYearName', type: 'boolean', ...SYSTEM },
      { name: 'DefaultCurrencyIsoCode', type: 'picklist', ...SYSTEM },
      { name: 'OrganizationType', type: 'string', ...SYSTEM }
    ]
  },
  {
    name: 'ForecastingType',
    label: 'Forecasting Type',
    labelPlural: 'Forecasting Types',
    keyPrefix: '0Db',
    owned: false,
    fields: [
      { name: 'DeveloperName', type: 'string' },
      { name: 'MasterLabel', type: 'string' },
      { name: 'IsActive', type: 'boolean' },
      { name: 'IsAmount', type: 'boolean' }
    ]
  },
  {
    name: 'ForecastingQuota',
    label: 'Forecasting Quota',
    labelPlural: 'Forecasting Quotas',
    keyPrefix: '0J9',
    owned: false,
    fields: [
      ref('QuotaOwnerId', 'User', 'QuotaOwner'),
      ref('ForecastingTypeId', 'ForecastingType', 'ForecastingType'),
      { name: 'StartDate', type: 'date' },
      { name: 'QuotaAmount', type: 'currency' },
      { name: 'QuotaQuantity', type: 'double' },
      { name: 'IsQuantity', type: 'boolean' }
    ]
  }
];

/** Fields every custom object has besides its own. */
export function customObjectStandardFields(owned: boolean): StandardField[] {
  return [...AUDIT_FIELDS, { name: 'Name', type: 'string' }, ...(owned ? [OWNER_FIELD] : [])];
}
