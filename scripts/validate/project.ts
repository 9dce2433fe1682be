/**
 * Reads a project's metadata into one model (objects, fields, components, pages, tabs, apps,
 * permissions) so every cross-reference check asks the same question the same way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { readMetadata, children, text, texts, type XmlNode } from './xml';
import { auditFields, standardObjectDefs, type FieldDef } from '../metadata/schema';

/** One field as the checks need it. */
export interface FieldInfo {
  name: string;
  /** Metadata type (Text, Lookup, MasterDetail, ...) or the describe type of a standard field. */
  type: string;
  referenceTo: string[];
  /** For a custom lookup: the parent-to-child relationship name (metadata relationshipName). */
  childRelationshipName?: string;
  /** The child-to-parent name used in paths: Owner, Rep__r. */
  relationshipName?: string;
  required: boolean;
  standard: boolean;
  picklist?: { values: string[]; restricted: boolean };
  file?: string;
  /** The parsed field file, for checks that read more of it. */
  node?: XmlNode;
}

/** One object: its fields (keyed by lower-case API name), compact layouts and list views. */
export interface ObjectInfo {
  name: string;
  custom: boolean;
  fields: Map<string, FieldInfo>;
  compactLayouts: Set<string>;
  file?: string;
  node?: XmlNode;
}

/** A Lightning web component bundle and where it may be placed. */
export interface ComponentInfo {
  name: string;
  exposed: boolean;
  targets: Set<string>;
  /** Objects a lightning__RecordPage target is limited to; empty = any object. */
  recordPageObjects: Set<string>;
  dir: string;
}

/** Everything the reference checks look up. */
export interface ProjectModel {
  root: string;
  pkgDir: string;
  objects: Map<string, ObjectInfo>;
  components: Map<string, ComponentInfo>;
  flexipages: Map<string, { type: string; sobjectType?: string; file: string }>;
  tabs: Set<string>;
  apps: Set<string>;
  customPermissions: Set<string>;
  globalValueSets: Map<string, string[]>;
  layouts: Set<string>;
}

/** Lists files under dir whose name ends with suffix (recursively). */
export function filesEnding(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(suffix))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The folder of the default package directory from sfdx-project.json. */
export function packageDir(root: string): string {
  const project = JSON.parse(readFileSync(join(root, 'sfdx-project.json'), 'utf8')) as {
    packageDirectories: { path: string; default?: boolean }[];
  };
  const dir = project.packageDirectories.find((d) => d.default) ?? project.packageDirectories[0];
  return join(root, dir.path);
}

const nameOf = (file: string, suffix: string) => basename(file).slice(0, -suffix.length);

/** A standard field, as the local org declares it, in the validator's terms. */
function fromDef(f: FieldDef): FieldInfo {
  return {
    name: f.name,
    type: f.type,
    referenceTo: f.referenceTo,
    relationshipName: f.relationshipName ?? undefined,
    required: false,
    standard: true,
    picklist: f.picklistValues.length
      ? { values: f.picklistValues.map((v) => v.value), restricted: f.restrictedPicklist }
      : undefined
  };
}

/** Builds the model of the project at root. */
export function loadProject(root: string): ProjectModel {
  const pkg = packageDir(root);
  const md = join(pkg, 'main', 'default');
  const globalValueSets = new Map<string, string[]>();
  for (const file of filesEnding(md, '.globalValueSet-meta.xml')) {
    const node = readMetadata(file);
    globalValueSets.set(
      nameOf(file, '.globalValueSet-meta.xml'),
      children(node, 'customValue').map((v) => text(v, 'fullName') ?? '')
    );
  }

  const objects = new Map<string, ObjectInfo>();
  for (const std of standardObjectDefs()) {
    const fields = new Map<string, FieldInfo>();
    for (const f of std.fields) fields.set(f.name.toLowerCase(), fromDef(f));
    objects.set(std.name.toLowerCase(), { name: std.name, custom: false, fields, compactLayouts: new Set() });
  }

  const objectsDir = join(md, 'objects');
  const objectDirs = existsSync(objectsDir)
    ? readdirSync(objectsDir, { withFileTypes: true }).filter((d) => d.isDirectory())
    : [];
  for (const dir of objectDirs) {
    const name = dir.name;
    const objectFile = join(objectsDir, name, `${name}.object-meta.xml`);
    // Each field file is read once, here; the checks use the parsed node kept on the field.
    const fieldNodes = filesEnding(join(objectsDir, name, 'fields'), '.field-meta.xml').map(
      (file) => [file, readMetadata(file)] as const
    );
    let info = objects.get(name.toLowerCase());
    if (!info) {
      const node = existsSync(objectFile) ? readMetadata(objectFile) : undefined;
      const fields = new Map<string, FieldInfo>();
      const isDetail = fieldNodes.some(([, node]) => text(node, 'type') === 'MasterDetail');
      for (const f of auditFields(!isDetail)) fields.set(f.name.toLowerCase(), fromDef(f));
      fields.set('name', { name: 'Name', type: 'string', referenceTo: [], required: false, standard: true });
      info = {
        name,
        custom: true,
        fields,
        compactLayouts: new Set(),
        file: existsSync(objectFile) ? objectFile : undefined,
        node
      };
      objects.set(name.toLowerCase(), info);
    }
    for (const [file, node] of fieldNodes) {
      const fieldName = text(node, 'fullName') ?? nameOf(file, '.field-meta.xml');
      const type = text(node, 'type') ?? '';
      const valueSet = children(node, 'valueSet')[0];
      let picklist: FieldInfo['picklist'];
      if (valueSet) {
        const setName = text(valueSet, 'valueSetName');
        const values = setName
          ? (globalValueSets.get(setName) ?? [])
          : children(children(valueSet, 'valueSetDefinition')[0], 'value').map(
              (v) => text(v, 'fullName') ?? ''
            );
        picklist = { values, restricted: Boolean(setName) || text(valueSet, 'restricted') === 'true' };
      }
      info.fields.set(fieldName.toLowerCase(), {
        name: fieldName,
        type,
        referenceTo: texts(node, 'referenceTo'),
        relationshipName: texts(node, 'referenceTo').length ? fieldName.replace(/__c$/, '__r') : undefined,
        childRelationshipName: text(node, 'relationshipName'),
        required: type === 'MasterDetail' || text(node, 'required') === 'true',
        standard: false,
        picklist,
        file,
        node
      });
    }
    for (const file of filesEnding(join(objectsDir, name, 'compactLayouts'), '.compactLayout-meta.xml')) {
      info.compactLayouts.add(nameOf(file, '.compactLayout-meta.xml'));
    }
  }

  const components = new Map<string, ComponentInfo>();
  for (const file of filesEnding(join(md, 'lwc'), '.js-meta.xml')) {
    const node = readMetadata(file);
    const name = nameOf(file, '.js-meta.xml');
    const targets = new Set(texts(children(node, 'targets')[0], 'target'));
    const recordPageObjects = new Set<string>();
    for (const config of children(children(node, 'targetConfigs')[0], 'targetConfig')) {
      // targets="a,b" is an attribute, dropped by the parser; objects listed anywhere limit record pages.
      for (const objects of children(config, 'objects')) {
        for (const o of texts(objects, 'object')) recordPageObjects.add(o);
      }
    }
    components.set(name, {
      name,
      exposed: text(node, 'isExposed') === 'true',
      targets,
      recordPageObjects,
      dir: join(file, '..')
    });
  }

  const flexipages = new Map<string, { type: string; sobjectType?: string; file: string }>();
  for (const file of filesEnding(join(md, 'flexipages'), '.flexipage-meta.xml')) {
    const node = readMetadata(file);
    flexipages.set(nameOf(file, '.flexipage-meta.xml'), {
      type: text(node, 'type') ?? '',
      sobjectType: text(node, 'sobjectType'),
      file
    });
  }

  return {
    root,
    pkgDir: pkg,
    objects,
    components,
    flexipages,
    tabs: new Set(filesEnding(join(md, 'tabs'), '.tab-meta.xml').map((f) => nameOf(f, '.tab-meta.xml'))),
    apps: new Set(
      filesEnding(join(md, 'applications'), '.app-meta.xml').map((f) => nameOf(f, '.app-meta.xml'))
    ),
    customPermissions: new Set(
      filesEnding(join(md, 'customPermissions'), '.customPermission-meta.xml').map((f) =>
        nameOf(f, '.customPermission-meta.xml')
      )
    ),
    globalValueSets,
    layouts: new Set(
      filesEnding(join(md, 'layouts'), '.layout-meta.xml').map((f) => nameOf(f, '.layout-meta.xml'))
    )
  };
}

/** Looks up an object by API name (case-insensitive, as Salesforce does). */
export function findObject(model: ProjectModel, name: string): ObjectInfo | undefined {
  return model.objects.get(name.toLowerCase());
}

/** Looks up a field of an object (case-insensitive). */
export function findField(model: ProjectModel, object: string, field: string): FieldInfo | undefined {
  return findObject(model, object)?.fields.get(field.toLowerCase());
}

/**
 * Resolves a dotted path from an object (`Rep__r.Name`, `Owner.Alias`) to its final field, or
 * returns a message saying which step does not resolve.
 */
export function resolvePath(model: ProjectModel, object: string, path: string): FieldInfo | string {
  const steps = path.split('.');
  let current = object;
  for (let i = 0; i < steps.length - 1; i++) {
    const step = steps[i];
    const obj = findObject(model, current);
    if (!obj) return `object ${current} does not exist`;
    const rel = [...obj.fields.values()].find(
      (f) => f.relationshipName?.toLowerCase() === step.toLowerCase() && f.referenceTo.length
    );
    if (!rel) return `${current} has no relationship named ${step}`;
    current = rel.referenceTo[0];
  }
  const last = steps[steps.length - 1];
  const obj = findObject(model, current);
  if (!obj) return `object ${current} does not exist`;
  return obj.fields.get(last.toLowerCase()) ?? `field ${last} does not exist on ${current}`;
}

/** Path relative to the project root, with forward slashes, for messages. */
export function rel(model: { root: string }, file: string): string {
  return relative(model.root, file).split('\\').join('/');
}
