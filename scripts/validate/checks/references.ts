/**
 * Check: every reference between metadata files resolves: permission sets, layouts, list views,
 * compact layouts, object and field files, tabs, apps and FlexiPages name objects, fields,
 * components, tabs, pages and permissions that exist (and components exposed where placed).
 */
import { basename, join } from 'node:path';
import { filesEnding, findField, findObject, rel, resolvePath, type ProjectModel } from '../project';
import { children, readMetadata, text, texts } from '../xml';
import type { Issue } from '../issues';

type Report = (element: string, message: string) => void;

function reporter(model: ProjectModel, file: string, issues: Issue[]): Report {
  return (element, message) => issues.push({ file: rel(model, file), element, message });
}

/** Checks `Object.Field` (or `Object.Rel__r.Field`) and says what is missing. */
function checkFieldRef(model: ProjectModel, qualified: string, element: string, report: Report): void {
  const dot = qualified.indexOf('.');
  if (dot < 0) return report(element, `"${qualified}" is not of the form Object.Field`);
  const object = qualified.slice(0, dot);
  if (!findObject(model, object)) return report(element, `object ${object} does not exist`);
  const field = resolvePath(model, object, qualified.slice(dot + 1));
  if (typeof field === 'string') report(element, field);
}

function checkObject(model: ProjectModel, object: string, element: string, report: Report): boolean {
  if (findObject(model, object)) return true;
  report(element, `object ${object} does not exist`);
  return false;
}

const STANDARD_TAB = /^standard-/;

function checkTab(model: ProjectModel, tab: string, element: string, report: Report): void {
  if (STANDARD_TAB.test(tab) || model.tabs.has(tab)) return;
  report(element, `tab ${tab} does not exist`);
}

function permissionSets(model: ProjectModel, md: string, issues: Issue[]): void {
  for (const file of filesEnding(join(md, 'permissionsets'), '.permissionset-meta.xml')) {
    const node = readMetadata(file);
    const report = reporter(model, file, issues);
    for (const op of children(node, 'objectPermissions')) {
      const object = text(op, 'object') ?? '';
      checkObject(model, object, `<objectPermissions><object>${object}`, report);
    }
    for (const fp of children(node, 'fieldPermissions')) {
      const qualified = text(fp, 'field') ?? '';
      const element = `<fieldPermissions><field>${qualified}`;
      const [object, field] = qualified.split('.');
      const info = object && field ? findField(model, object, field) : undefined;
      if (!info) {
        checkFieldRef(model, qualified, element, report);
        continue;
      }
      if (info.required) {
        report(
          element,
          `${qualified} is required or master-detail; Salesforce rejects field permissions for it`
        );
      }
    }
    for (const tab of children(node, 'tabSettings')) {
      const name = text(tab, 'tab') ?? '';
      checkTab(model, name, `<tabSettings><tab>${name}`, report);
    }
    for (const app of children(node, 'applicationVisibilities')) {
      const name = text(app, 'application') ?? '';
      if (!model.apps.has(name) && !name.startsWith('standard__')) {
        report(`<applicationVisibilities><application>${name}`, `application ${name} does not exist`);
      }
    }
    for (const cp of children(node, 'customPermissions')) {
      const name = text(cp, 'name') ?? '';
      if (!model.customPermissions.has(name)) {
        report(`<customPermissions><name>${name}`, `custom permission ${name} does not exist`);
      }
    }
  }
}

function layouts(model: ProjectModel, md: string, issues: Issue[]): void {
  for (const file of filesEnding(join(md, 'layouts'), '.layout-meta.xml')) {
    const report = reporter(model, file, issues);
    const object = basename(file).split('-')[0];
    if (!checkObject(model, object, `layout object ${object}`, report)) continue;
    const node = readMetadata(file);
    for (const section of children(node, 'layoutSections')) {
      for (const column of children(section, 'layoutColumns')) {
        for (const item of children(column, 'layoutItems')) {
          const field = text(item, 'field');
          if (field && !findField(model, object, field)) {
            report(`<layoutItems><field>${field}`, `field ${field} does not exist on ${object}`);
          }
        }
      }
    }
    for (const related of children(node, 'relatedLists')) {
      const name = text(related, 'relatedList') ?? '';
      if (!name.endsWith('__r')) continue; // standard related lists (RelatedNoteList, ...)
      const relName = name.slice(0, -3);
      const exists = [...model.objects.values()].some((o) =>
        [...o.fields.values()].some(
          (f) =>
            f.childRelationshipName === relName &&
            f.referenceTo.some((t) => t.toLowerCase() === object.toLowerCase())
        )
      );
      if (!exists)
        report(`<relatedLists><relatedList>${name}`, `no child relationship ${name} points to ${object}`);
    }
  }
}

/** List view columns and filters use either API names or a few standard tokens (NAME, OWNER.ALIAS...). */
function listViewField(
  model: ProjectModel,
  object: string,
  token: string,
  element: string,
  report: Report
): void {
  if (/^[A-Z_.]+$/.test(token)) return; // standard column tokens such as NAME, CREATED_DATE, OWNER.ALIAS
  const field = resolvePath(model, object, token);
  if (typeof field === 'string') report(element, field);
}

function objectParts(model: ProjectModel, md: string, issues: Issue[]): void {
  const objectsDir = join(md, 'objects');
  for (const object of model.objects.values()) {
    const dir = join(objectsDir, object.name);
    for (const file of filesEnding(join(dir, 'listViews'), '.listView-meta.xml')) {
      const report = reporter(model, file, issues);
      const node = readMetadata(file);
      for (const column of texts(node, 'columns')) {
        listViewField(model, object.name, column, `<columns>${column}`, report);
      }
      for (const filter of children(node, 'filters')) {
        const field = text(filter, 'field') ?? '';
        listViewField(model, object.name, field, `<filters><field>${field}`, report);
      }
    }
    for (const file of filesEnding(join(dir, 'compactLayouts'), '.compactLayout-meta.xml')) {
      const report = reporter(model, file, issues);
      for (const field of texts(readMetadata(file), 'fields')) {
        if (!findField(model, object.name, field)) {
          report(`<fields>${field}`, `field ${field} does not exist on ${object.name}`);
        }
      }
    }
    if (object.file && object.node) {
      const report = reporter(model, object.file, issues);
      const assigned = text(object.node, 'compactLayoutAssignment');
      if (assigned && assigned !== 'SYSTEM' && !object.compactLayouts.has(assigned)) {
        report(
          `<compactLayoutAssignment>${assigned}`,
          `compact layout ${assigned} does not exist on ${object.name}`
        );
      }
    }
    for (const field of object.fields.values()) {
      const node = field.node;
      if (!field.file || !node) continue;
      const report = reporter(model, field.file, issues);
      for (const target of field.referenceTo) {
        checkObject(model, target, `<referenceTo>${target}`, report);
      }
      const valueSetName = text(children(node, 'valueSet')[0], 'valueSetName');
      if (valueSetName && !model.globalValueSets.has(valueSetName)) {
        report(`<valueSet><valueSetName>${valueSetName}`, `global value set ${valueSetName} does not exist`);
      }
      const foreignKey = text(node, 'summaryForeignKey');
      if (foreignKey) checkFieldRef(model, foreignKey, `<summaryForeignKey>${foreignKey}`, report);
      const summarized = text(node, 'summarizedField');
      if (summarized) checkFieldRef(model, summarized, `<summarizedField>${summarized}`, report);
      for (const filter of children(node, 'summaryFilterItems')) {
        const f = text(filter, 'field') ?? '';
        checkFieldRef(model, f, `<summaryFilterItems><field>${f}`, report);
      }
    }
  }
}

function tabs(model: ProjectModel, md: string, issues: Issue[]): void {
  for (const file of filesEnding(join(md, 'tabs'), '.tab-meta.xml')) {
    const report = reporter(model, file, issues);
    const node = readMetadata(file);
    const name = basename(file, '.tab-meta.xml');
    if (text(node, 'customObject') === 'true') checkObject(model, name, `<customObject> tab ${name}`, report);
    const page = text(node, 'flexiPage');
    if (page && !model.flexipages.has(page)) report(`<flexiPage>${page}`, `FlexiPage ${page} does not exist`);
    const lwc = text(node, 'lwcComponent');
    if (lwc) {
      const component = model.components.get(lwc);
      if (!component) report(`<lwcComponent>${lwc}`, `component ${lwc} does not exist`);
      else if (!component.exposed || !component.targets.has('lightning__Tab')) {
        report(`<lwcComponent>${lwc}`, `component ${lwc} is not exposed with the lightning__Tab target`);
      }
    }
  }
}

function apps(model: ProjectModel, md: string, issues: Issue[]): void {
  for (const file of filesEnding(join(md, 'applications'), '.app-meta.xml')) {
    const report = reporter(model, file, issues);
    const node = readMetadata(file);
    for (const tab of texts(node, 'tabs')) checkTab(model, tab, `<tabs>${tab}`, report);
    for (const override of [
      ...children(node, 'actionOverrides'),
      ...children(node, 'profileActionOverrides')
    ]) {
      const content = text(override, 'content');
      if (text(override, 'type') === 'Flexipage' && content && !model.flexipages.has(content)) {
        report(`<actionOverrides><content>${content}`, `FlexiPage ${content} does not exist`);
      }
      const object = text(override, 'pageOrSobjectType');
      if (object && object !== 'standard-home')
        checkObject(model, object, `<pageOrSobjectType>${object}`, report);
    }
    const utility = text(node, 'utilityBar');
    if (utility && !model.flexipages.has(utility))
      report(`<utilityBar>${utility}`, `FlexiPage ${utility} does not exist`);
  }
}

const PAGE_TARGET: Record<string, string> = {
  RecordPage: 'lightning__RecordPage',
  AppPage: 'lightning__AppPage',
  HomePage: 'lightning__HomePage',
  UtilityBar: 'lightning__UtilityBar'
};

function flexipages(model: ProjectModel, issues: Issue[]): void {
  for (const [name, page] of model.flexipages) {
    const report = reporter(model, page.file, issues);
    if (page.sobjectType) checkObject(model, page.sobjectType, `<sobjectType>${page.sobjectType}`, report);
    const node = readMetadata(page.file);
    for (const region of children(node, 'flexiPageRegions')) {
      for (const item of children(region, 'itemInstances')) {
        for (const instance of children(item, 'componentInstance')) {
          checkPageComponent(model, name, page, text(instance, 'componentName') ?? '', report);
        }
        for (const field of children(item, 'fieldInstance')) {
          const item = text(field, 'fieldItem') ?? '';
          const fieldName = item.replace(/^Record\./, '');
          if (page.sobjectType && !findField(model, page.sobjectType, fieldName)) {
            report(
              `<fieldInstance><fieldItem>${item}`,
              `field ${fieldName} does not exist on ${page.sobjectType}`
            );
          }
        }
      }
    }
  }
}

function checkPageComponent(
  model: ProjectModel,
  pageName: string,
  page: { type: string; sobjectType?: string },
  componentName: string,
  report: Report
): void {
  const element = `<componentInstance><componentName>${componentName}`;
  const match = /^c:(\w+)$/.exec(componentName);
  if (!match) {
    if (componentName.startsWith('c__') || /^c[:_]/.test(componentName)) {
      report(element, `custom components are written c:bundleName`);
    }
    return; // a standard component (flexipage:, force:, runtime_...)
  }
  const component = model.components.get(match[1]);
  if (!component) return report(element, `component ${match[1]} does not exist`);
  const target = PAGE_TARGET[page.type];
  if (!component.exposed) return report(element, `component ${match[1]} is not exposed (isExposed false)`);
  if (target && !component.targets.has(target)) {
    return report(
      element,
      `component ${match[1]} has no ${target} target, so ${pageName} (${page.type}) cannot hold it`
    );
  }
  if (
    page.type === 'RecordPage' &&
    page.sobjectType &&
    component.recordPageObjects.size > 0 &&
    ![...component.recordPageObjects].some((o) => o.toLowerCase() === page.sobjectType!.toLowerCase())
  ) {
    report(element, `component ${match[1]} is not exposed for ${page.sobjectType} record pages`);
  }
}

/** Runs every cross-reference check over the package's metadata. */
export function checkReferences(model: ProjectModel): Issue[] {
  const md = join(model.pkgDir, 'main', 'default');
  const issues: Issue[] = [];
  permissionSets(model, md, issues);
  layouts(model, md, issues);
  objectParts(model, md, issues);
  tabs(model, md, issues);
  apps(model, md, issues);
  flexipages(model, issues);
  return issues;
}
