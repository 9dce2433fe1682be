/**
 * Reads the package's permission sets from their metadata XML: one neutral reader used by the local
 * org (to enforce them), the validator and the access-matrix tests (to check them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** What a permission set grants on one object. */
export interface ObjectGrant {
  read: boolean;
  create: boolean;
  edit: boolean;
  delete: boolean;
  viewAll: boolean;
  modifyAll: boolean;
}

/** What a permission set grants on one field. */
export interface FieldGrant {
  read: boolean;
  edit: boolean;
}

/** One permission set as the local org and the checks need it. */
export interface PermissionSetDef {
  /** API name (file name without the suffix). */
  name: string;
  label: string;
  /** Object API name (as written) to its grant. */
  objects: Map<string, ObjectGrant>;
  /** `Object.Field` (as written) to its grant. */
  fields: Map<string, FieldGrant>;
  customPermissions: Set<string>;
  /** System permissions such as ViewAllForecasts. */
  userPermissions: Set<string>;
  /** Tabs the set shows in the navigation bar (tabSettings with visibility Visible). */
  tabs: Set<string>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) =>
    [
      'objectPermissions',
      'fieldPermissions',
      'customPermissions',
      'userPermissions',
      'applicationVisibilities',
      'tabSettings'
    ].includes(name)
});

const yes = (v: unknown): boolean => String(v) === 'true';
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/** Parses one `*.permissionset-meta.xml` text. */
export function parsePermissionSet(name: string, xml: string): PermissionSetDef {
  const doc = parser.parse(xml) as { PermissionSet?: Record<string, unknown> };
  const root = doc.PermissionSet;
  if (!root) throw new Error(`${name}: not a PermissionSet document`);
  const objects = new Map<string, ObjectGrant>();
  for (const o of (root.objectPermissions ?? []) as Record<string, unknown>[]) {
    objects.set(text(o.object), {
      read: yes(o.allowRead),
      create: yes(o.allowCreate),
      edit: yes(o.allowEdit),
      delete: yes(o.allowDelete),
      viewAll: yes(o.viewAllRecords),
      modifyAll: yes(o.modifyAllRecords)
    });
  }
  const fields = new Map<string, FieldGrant>();
  for (const f of (root.fieldPermissions ?? []) as Record<string, unknown>[]) {
    fields.set(text(f.field), { read: yes(f.readable), edit: yes(f.editable) });
  }
  const enabledNames = (list: unknown): Set<string> =>
    new Set(
      ((list ?? []) as Record<string, unknown>[]).filter((p) => yes(p.enabled)).map((p) => text(p.name))
    );
  return {
    name,
    label: text(root.label) || name,
    objects,
    fields,
    customPermissions: enabledNames(root.customPermissions),
    userPermissions: enabledNames(root.userPermissions),
    tabs: new Set(
      ((root.tabSettings ?? []) as Record<string, unknown>[])
        .filter((t) => text(t.visibility) === 'Visible')
        .map((t) => text(t.tab))
    )
  };
}

/** Reads every permission set under `<metadataDir>/permissionsets`, by API name. */
export function readPermissionSets(metadataDir: string): Map<string, PermissionSetDef> {
  const dir = path.join(metadataDir, 'permissionsets');
  const out = new Map<string, PermissionSetDef>();
  if (!fs.existsSync(dir)) return out;
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.permissionset-meta.xml')) continue;
    const name = file.slice(0, -'.permissionset-meta.xml'.length);
    out.set(name, parsePermissionSet(name, fs.readFileSync(path.join(dir, file), 'utf8')));
  }
  return out;
}
