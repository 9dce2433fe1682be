/**
 * Describes the Lightning app the preview shows, read from the package's own metadata: the
 * CustomApplication's navigation items and page assignments, the tabs, the FlexiPages (template,
 * regions, component instances and their properties) and the exposed component bundles. The
 * preview lays pages out from this model, so what it shows is what deploys.
 */
import { existsSync, readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import { basename, join } from 'node:path';
import { children, readMetadata, text, texts, type XmlNode } from '../validate/xml';
import { filesEnding } from '../validate/project';

/** A Lightning page reference, as `lightning/navigation` takes it. */
export interface PageReference {
  type: string;
  attributes: Record<string, string>;
  state?: Record<string, string>;
}

/** One item of the app's navigation bar. */
export interface NavItem {
  /** The tab name as the app lists it (`standard-home`, `Assessment__c`, `Team`). */
  name: string;
  label: string;
  /** An SLDS icon name (`standard:home`, `custom:custom18`). */
  icon: string;
  pageRef: PageReference;
}

/** One component placed on a FlexiPage. */
export interface ComponentInstance {
  /** As the FlexiPage names it: `c:ratingScreen`, `force:highlightsPanel`. */
  componentName: string;
  identifier: string;
  /** componentInstanceProperties, name to the text value in the XML. */
  properties: Record<string, string>;
}

/** One region (or facet) of a FlexiPage with its components in order. */
export interface Region {
  name: string;
  type: string;
  components: ComponentInstance[];
}

/** A FlexiPage as the preview lays it out. */
export interface FlexiPageModel {
  name: string;
  label: string;
  type: string;
  sobjectType?: string;
  template: string;
  regions: Region[];
}

/** One @api property a component declares for Lightning App Builder. */
export interface PropertyMeta {
  type: string;
  default?: string;
}

/** An exposed component bundle: its tag and the properties pages may set. */
export interface ComponentMeta {
  /** Bundle name, e.g. `modelOverview`. */
  bundle: string;
  /** The element name the preview creates, e.g. `c-model-overview`. */
  tag: string;
  label: string;
  targets: string[];
  properties: Record<string, PropertyMeta>;
}

/** An object's labels for headers and list pages. */
export interface ObjectMeta {
  name: string;
  label: string;
  pluralLabel: string;
}

/** Everything the preview shell needs to show the app. */
export interface Site {
  app: { name: string; label: string; headerColor: string; navItems: NavItem[] };
  /** The FlexiPage that the app assigns to standard-home, if any. */
  homePage?: string;
  /** Record page per object and form factor: the app's override, else the object's own. */
  recordPages: Record<string, { Large?: string; Small?: string }>;
  /** Custom tabs that open a FlexiPage (app pages), by tab name. */
  appPageTabs: Record<string, { label: string; flexiPage: string }>;
  flexiPages: Record<string, FlexiPageModel>;
  objects: Record<string, ObjectMeta>;
  /** Exposed bundles by their FlexiPage name (`c:modelOverview`). */
  components: Record<string, ComponentMeta>;
}

/** Labels of the standard objects the app may name (standard-<Object> tabs, record routes). */
const STANDARD_OBJECTS: Record<string, [string, string, string]> = {
  Account: ['Account', 'Accounts', 'standard:account'],
  Contact: ['Contact', 'Contacts', 'standard:contact'],
  Lead: ['Lead', 'Leads', 'standard:lead'],
  Opportunity: ['Opportunity', 'Opportunities', 'standard:opportunity'],
  User: ['User', 'People', 'standard:user'],
  Task: ['Task', 'Tasks', 'standard:task'],
  Event: ['Event', 'Events', 'standard:event']
};

const nameOf = (file: string, suffix: string): string => basename(file).slice(0, -suffix.length);

/** `Custom18: Form` -> `custom:custom18`; an unknown motif gets a neutral icon. */
export function motifIcon(motif: string | undefined): string {
  const m = /^Custom(\d+):/.exec(motif ?? '');
  return m ? `custom:custom${m[1]}` : 'standard:default';
}

/** `modelOverview` -> `c-model-overview`, as LWC names a bundle's element. */
export function tagOf(bundle: string): string {
  return `c-${bundle.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** Reads one FlexiPage file into the preview's model. */
export function readFlexiPage(file: string): FlexiPageModel {
  const node = readMetadata(file);
  const name = nameOf(file, '.flexipage-meta.xml');
  const template = text(children(node, 'template')[0], 'name');
  if (!template) throw new Error(`${basename(file)}: the FlexiPage has no <template><name>`);
  return {
    name,
    label: text(node, 'masterLabel') ?? name,
    type: text(node, 'type') ?? '',
    sobjectType: text(node, 'sobjectType'),
    template,
    regions: children(node, 'flexiPageRegions').map((region) => ({
      name: text(region, 'name') ?? '',
      type: text(region, 'type') ?? 'Region',
      components: children(region, 'itemInstances').flatMap((item) =>
        children(item, 'componentInstance').map((ci) => readInstance(ci, file))
      )
    }))
  };
}

function readInstance(ci: XmlNode, file: string): ComponentInstance {
  const componentName = text(ci, 'componentName');
  if (!componentName) throw new Error(`${basename(file)}: a componentInstance has no <componentName>`);
  const properties: Record<string, string> = {};
  for (const p of children(ci, 'componentInstanceProperties')) {
    const key = text(p, 'name');
    const value = text(p, 'value');
    if (key && value !== undefined) properties[key] = value;
  }
  return { componentName, identifier: text(ci, 'identifier') ?? componentName, properties };
}

/** Reads the exposed bundles (isExposed true) and the properties their targetConfigs declare. */
export function readComponents(lwcDir: string): Record<string, ComponentMeta> {
  const out: Record<string, ComponentMeta> = {};
  for (const file of filesEnding(lwcDir, '.js-meta.xml')) {
    const node = readMetadata(file);
    if (text(node, 'isExposed') !== 'true') continue;
    const bundle = nameOf(file, '.js-meta.xml');
    out[`c:${bundle}`] = {
      bundle,
      tag: tagOf(bundle),
      label: text(node, 'masterLabel') ?? bundle,
      targets: texts(children(node, 'targets')[0], 'target'),
      // The validator's parser drops attributes; property names and types are attributes.
      properties: readPropertyAttributes(file)
    };
  }
  return out;
}

/** The `<property name type default>` attributes of a bundle's targetConfigs. */
function readPropertyAttributes(file: string): Record<string, PropertyMeta> {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) => ['targetConfig', 'property'].includes(name)
  });
  const doc = parser.parse(readFileSync(file, 'utf8')) as {
    LightningComponentBundle?: {
      targetConfigs?: {
        targetConfig?: { property?: { name?: string; type?: string; default?: string }[] }[];
      };
    };
  };
  const out: Record<string, PropertyMeta> = {};
  for (const config of doc.LightningComponentBundle?.targetConfigs?.targetConfig ?? []) {
    for (const p of config.property ?? []) {
      if (p.name) out[p.name] = { type: p.type ?? 'String', default: p.default };
    }
  }
  return out;
}

/** Labels of every object the package defines, plus the standard ones the preview knows. */
function readObjects(objectsDir: string): Record<string, ObjectMeta> {
  const out: Record<string, ObjectMeta> = {};
  for (const [name, [label, pluralLabel]] of Object.entries(STANDARD_OBJECTS)) {
    out[name] = { name, label, pluralLabel };
  }
  for (const file of filesEnding(objectsDir, '.object-meta.xml')) {
    const node = readMetadata(file);
    const name = nameOf(file, '.object-meta.xml');
    const label = text(node, 'label') ?? out[name]?.label ?? name;
    out[name] = { name, label, pluralLabel: text(node, 'pluralLabel') ?? out[name]?.pluralLabel ?? label };
  }
  return out;
}

/** Flexipage View overrides: `<actionOverrides>` of type Flexipage with actionName View. */
function viewOverrides(
  node: XmlNode,
  sobjectKey: string
): { object: string; page: string; formFactor: string }[] {
  return children(node, 'actionOverrides')
    .filter((o) => text(o, 'actionName') === 'View' && text(o, 'type') === 'Flexipage')
    .map((o) => ({
      object: text(o, sobjectKey) ?? '',
      page: text(o, 'content') ?? '',
      formFactor: text(o, 'formFactor') ?? 'Large'
    }));
}

/** Builds the site model from a package folder (`force-app/main/default`) and one app in it. */
export function readSite(metadataDir: string, appName = 'Sales_Competency'): Site {
  const appFile = join(metadataDir, 'applications', `${appName}.app-meta.xml`);
  if (!existsSync(appFile)) throw new Error(`No CustomApplication ${appName} at ${appFile}`);
  const app = readMetadata(appFile);
  const objects = readObjects(join(metadataDir, 'objects'));

  const flexiPages: Record<string, FlexiPageModel> = {};
  for (const file of filesEnding(join(metadataDir, 'flexipages'), '.flexipage-meta.xml')) {
    const page = readFlexiPage(file);
    flexiPages[page.name] = page;
  }

  const tabs = new Map<string, XmlNode>();
  for (const file of filesEnding(join(metadataDir, 'tabs'), '.tab-meta.xml')) {
    tabs.set(nameOf(file, '.tab-meta.xml'), readMetadata(file));
  }

  // Record pages: the object's own default first, then the app's assignment wins.
  const recordPages: Site['recordPages'] = {};
  const assign = (o: { object: string; page: string; formFactor: string }, where: string): void => {
    if (!flexiPages[o.page]) throw new Error(`${where} assigns FlexiPage ${o.page}, which does not exist`);
    const slot = (recordPages[o.object] ??= {});
    slot[o.formFactor === 'Small' ? 'Small' : 'Large'] = o.page;
  };
  for (const file of filesEnding(join(metadataDir, 'objects'), '.object-meta.xml')) {
    const object = nameOf(file, '.object-meta.xml');
    for (const o of viewOverrides(readMetadata(file), 'missing')) assign({ ...o, object }, basename(file));
  }
  for (const o of viewOverrides(app, 'pageOrSobjectType')) assign(o, `${appName}.app-meta.xml`);

  const homeOverride = children(app, 'actionOverrides').find(
    (o) =>
      text(o, 'pageOrSobjectType') === 'standard-home' &&
      text(o, 'type') === 'Flexipage' &&
      (text(o, 'formFactor') ?? 'Large') === 'Large'
  );
  const homePage = homeOverride ? text(homeOverride, 'content') : undefined;
  if (homePage && !flexiPages[homePage]) throw new Error(`${appName} assigns missing home page ${homePage}`);

  const appPageTabs: Site['appPageTabs'] = {};
  for (const [name, tab] of tabs) {
    const flexiPage = text(tab, 'flexiPage');
    if (flexiPage) appPageTabs[name] = { label: text(tab, 'label') ?? name, flexiPage };
  }

  const navItems: NavItem[] = texts(app, 'tabs').map((name) => navItem(name, tabs.get(name), objects));

  return {
    app: {
      name: appName,
      label: text(app, 'label') ?? appName,
      headerColor: text(children(app, 'brand')[0], 'headerColor') ?? '#0176D3',
      navItems
    },
    homePage,
    recordPages,
    appPageTabs,
    flexiPages,
    objects,
    components: readComponents(join(metadataDir, 'lwc'))
  };
}

/** The navigation item for one tab the app lists. */
function navItem(name: string, tab: XmlNode | undefined, objects: Record<string, ObjectMeta>): NavItem {
  if (name === 'standard-home') {
    return {
      name,
      label: 'Home',
      icon: 'standard:home',
      pageRef: { type: 'standard__namedPage', attributes: { pageName: 'home' } }
    };
  }
  if (name.startsWith('standard-')) {
    const object = name.slice('standard-'.length);
    const known = STANDARD_OBJECTS[object];
    if (!known) throw new Error(`The preview does not know the standard tab ${name}`);
    return {
      name,
      label: known[1],
      icon: known[2],
      pageRef: { type: 'standard__objectPage', attributes: { objectApiName: object, actionName: 'home' } }
    };
  }
  if (!tab) throw new Error(`The app lists tab ${name}, but tabs/${name}.tab-meta.xml does not exist`);
  const flexiPage = text(tab, 'flexiPage');
  if (flexiPage) {
    return {
      name,
      label: text(tab, 'label') ?? name,
      icon: motifIcon(text(tab, 'motif')),
      pageRef: { type: 'standard__navItemPage', attributes: { apiName: name } }
    };
  }
  if (text(tab, 'customObject') === 'true') {
    return {
      name,
      label: objects[name]?.pluralLabel ?? name,
      icon: motifIcon(text(tab, 'motif')),
      pageRef: { type: 'standard__objectPage', attributes: { objectApiName: name, actionName: 'home' } }
    };
  }
  throw new Error(
    `Tab ${name} is neither an object tab nor a Lightning page tab; the preview cannot show it`
  );
}
