/**
 * The REST describe shapes of the local org: one field, one object's summary and its full describe,
 * built from the schema the way Salesforce's describe answers them.
 */
import { deleteRuleOf } from './deletePlan';
import type { FieldDef, ObjectDef, Schema } from '../metadata/schema';

/** System fields the platform fills on create, so clients never have to send them. */
const SYSTEM_DEFAULTED = new Set([
  'Id',
  'OwnerId',
  'IsDeleted',
  'CreatedDate',
  'CreatedById',
  'LastModifiedDate',
  'LastModifiedById',
  'SystemModstamp'
]);

/** Describes one field the way REST describe does. */
export function describeField(f: FieldDef): Record<string, unknown> {
  const soapType: Record<string, string> = {
    id: 'tns:ID',
    reference: 'tns:ID',
    boolean: 'xsd:boolean',
    double: 'xsd:double',
    currency: 'xsd:double',
    percent: 'xsd:double',
    int: 'xsd:int',
    date: 'xsd:date',
    datetime: 'xsd:dateTime'
  };
  return {
    name: f.name,
    label: f.label,
    type: f.type,
    soapType: soapType[f.type] ?? 'xsd:string',
    length: [
      'string',
      'textarea',
      'picklist',
      'multipicklist',
      'email',
      'url',
      'phone',
      'id',
      'reference'
    ].includes(f.type)
      ? f.length
      : 0,
    byteLength: f.length * 3,
    precision: f.precision,
    scale: f.scale,
    digits: f.type === 'int' ? 9 : 0,
    nillable: f.nillable,
    createable: f.createable,
    updateable: f.updateable,
    defaultedOnCreate:
      f.defaultValue !== null ||
      f.type === 'boolean' ||
      f.autoNumber ||
      (!f.custom && SYSTEM_DEFAULTED.has(f.name)),
    defaultValue: f.defaultValue ?? null,
    externalId: f.externalId,
    unique: f.unique,
    caseSensitive: f.caseSensitive,
    idLookup: f.name === 'Id' || f.externalId || f.unique,
    custom: f.custom,
    calculated: f.calculated,
    calculatedFormula: null,
    autoNumber: f.autoNumber,
    nameField: f.nameField,
    filterable: f.type !== 'textarea' || f.length <= 255,
    sortable: f.type !== 'textarea' || f.length <= 255,
    groupable: !['double', 'currency', 'percent', 'datetime', 'textarea'].includes(f.type),
    aggregatable: true,
    picklistValues: f.picklistValues.map((p) => ({ ...p, validFor: null })),
    restrictedPicklist: f.restrictedPicklist,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName,
    relationshipOrder: f.masterDetail ? 0 : null,
    cascadeDelete: f.cascadeDelete,
    writeRequiresMasterRead: false,
    deprecatedAndHidden: false,
    htmlFormatted: false,
    inlineHelpText: null
  };
}

/** The short describe of one object (the sObjects list and the sObject basic information). */
export function objectSummary(o: ObjectDef, version: string): Record<string, unknown> {
  return {
    name: o.name,
    label: o.label,
    labelPlural: o.labelPlural,
    keyPrefix: o.keyPrefix,
    custom: o.custom,
    customSetting: false,
    createable: o.createable,
    updateable: o.updateable,
    deletable: o.deletable,
    queryable: true,
    retrieveable: true,
    searchable: true,
    layoutable: true,
    undeletable: o.deletable,
    mergeable: false,
    replicateable: true,
    triggerable: true,
    feedEnabled: false,
    urls: {
      sobject: `/services/data/v${version}/sobjects/${o.name}`,
      describe: `/services/data/v${version}/sobjects/${o.name}/describe`,
      rowTemplate: `/services/data/v${version}/sobjects/${o.name}/{ID}`
    }
  };
}

/** The full describe of one object (the schema tells which child lookups restrict deletes). */
export function describeObject(o: ObjectDef, version: string, schema?: Schema): Record<string, unknown> {
  const restricts = (childSObject: string, field: string): boolean => {
    const f = schema?.find(childSObject)?.fieldMap.get(field.toLowerCase());
    return f !== undefined && (f.custom || f.deleteConstraint !== null) && deleteRuleOf(f) === 'Restrict';
  };
  return {
    ...objectSummary(o, version),
    fields: o.fields.map(describeField),
    childRelationships: o.childRelationships.map((c) => ({
      ...c,
      deprecatedAndHidden: false,
      restrictedDelete: restricts(c.childSObject, c.field),
      junctionIdListNames: [],
      junctionReferenceTo: []
    })),
    recordTypeInfos: [],
    supportedScopes: [],
    namedLayoutInfos: []
  };
}
