/** The site model the preview lays pages out from: read from the app, tab, FlexiPage and bundle XML. */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readSite, tagOf, motifIcon } from '../site';
import { registrySource } from '../generate';

const REPO_MD = join(__dirname, '..', '..', '..', 'force-app', 'main', 'default');
const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

let dir: string;
const write = (path: string, xml: string): void => {
  const file = join(dir, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`);
};

/** A small package: an app with home, an object tab and an app page tab; a record page for User. */
function fixture(appTabs = ['standard-home', 'Widget__c', 'Team', 'standard-Opportunity']): void {
  write(
    'applications/Sales_Competency.app-meta.xml',
    `<CustomApplication ${NS}>
  <actionOverrides><actionName>View</actionName><content>Rep_Page</content><formFactor>Large</formFactor><type>Flexipage</type><pageOrSobjectType>User</pageOrSobjectType></actionOverrides>
  <actionOverrides><actionName>View</actionName><content>Rep_Phone</content><formFactor>Small</formFactor><type>Flexipage</type><pageOrSobjectType>User</pageOrSobjectType></actionOverrides>
  <actionOverrides><actionName>Tab</actionName><content>Home_Page</content><formFactor>Large</formFactor><type>Flexipage</type><pageOrSobjectType>standard-home</pageOrSobjectType></actionOverrides>
  <brand><headerColor>#123456</headerColor></brand>
  <label>Widgets</label>
  ${appTabs.map((t) => `<tabs>${t}</tabs>`).join('\n  ')}
</CustomApplication>`
  );
  write(
    'objects/Widget__c/Widget__c.object-meta.xml',
    `<CustomObject ${NS}><label>Widget</label><pluralLabel>Widgets</pluralLabel>
  <actionOverrides><actionName>View</actionName><content>Widget_Page</content><formFactor>Large</formFactor><type>Flexipage</type></actionOverrides>
</CustomObject>`
  );
  write(
    'tabs/Widget__c.tab-meta.xml',
    `<CustomTab ${NS}><customObject>true</customObject><motif>Custom18: Form</motif></CustomTab>`
  );
  write(
    'tabs/Team.tab-meta.xml',
    `<CustomTab ${NS}><flexiPage>Team_Page</flexiPage><label>My Team</label><motif>Custom15: People</motif></CustomTab>`
  );
  const page = (name: string, type: string, template: string, regions: string): void =>
    write(
      `flexipages/${name}.flexipage-meta.xml`,
      `<FlexiPage ${NS}>${regions}<masterLabel>${name} label</masterLabel>${type === 'RecordPage' ? '<sobjectType>User</sobjectType>' : ''}<template><name>${template}</name></template><type>${type}</type></FlexiPage>`
    );
  const region = (name: string, ...items: string[]): string =>
    `<flexiPageRegions>${items.map((i) => `<itemInstances>${i}</itemInstances>`).join('')}<name>${name}</name><type>Region</type></flexiPageRegions>`;
  const cmp = (name: string, id: string, props: Record<string, string> = {}): string =>
    `<componentInstance>${Object.entries(props)
      .map(
        ([k, v]) =>
          `<componentInstanceProperties><name>${k}</name><value>${v}</value></componentInstanceProperties>`
      )
      .join('')}<componentName>${name}</componentName><identifier>${id}</identifier></componentInstance>`;
  page(
    'Home_Page',
    'HomePage',
    'home:desktopTemplate',
    region('top', cmp('c:widgetCard', 'w1', { size: '3' }))
  );
  page('Team_Page', 'AppPage', 'flexipage:defaultAppHomeTemplate', region('main', cmp('c:widgetCard', 'w2')));
  page(
    'Rep_Page',
    'RecordPage',
    'flexipage:recordHomeTemplateDesktop',
    region('header', cmp('force:highlightsPanel', 'h')) +
      region('main', cmp('c:widgetCard', 'w3', { compact: 'true' }))
  );
  page(
    'Rep_Phone',
    'RecordPage',
    'flexipage:recordHomeSingleColTemplateDesktop',
    region('main', cmp('c:widgetCard', 'w4'))
  );
  page(
    'Widget_Page',
    'RecordPage',
    'flexipage:recordHomeTemplateDesktop',
    region('main', cmp('c:widgetCard', 'w5'))
  );
  write(
    'lwc/widgetCard/widgetCard.js-meta.xml',
    `<LightningComponentBundle ${NS}><isExposed>true</isExposed><masterLabel>Widget Card</masterLabel>
  <targets><target>lightning__AppPage</target><target>lightning__RecordPage</target></targets>
  <targetConfigs><targetConfig targets="lightning__AppPage,lightning__RecordPage">
    <property name="size" type="Integer" default="2"/><property name="compact" type="Boolean"/>
  </targetConfig></targetConfigs>
</LightningComponentBundle>`
  );
  write(
    'lwc/helper/helper.js-meta.xml',
    `<LightningComponentBundle ${NS}><isExposed>false</isExposed></LightningComponentBundle>`
  );
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'preview-site-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readSite', () => {
  it('reads navigation items, page assignments, FlexiPages and exposed components', () => {
    fixture();
    const site = readSite(dir);
    expect(site.app).toMatchObject({ label: 'Widgets', headerColor: '#123456' });
    expect(site.app.navItems.map((i) => [i.name, i.label, i.icon, i.pageRef.type])).toEqual([
      ['standard-home', 'Home', 'standard:home', 'standard__namedPage'],
      ['Widget__c', 'Widgets', 'custom:custom18', 'standard__objectPage'],
      ['Team', 'My Team', 'custom:custom15', 'standard__navItemPage'],
      ['standard-Opportunity', 'Opportunities', 'standard:opportunity', 'standard__objectPage']
    ]);
    expect(site.homePage).toBe('Home_Page');
    // The app's assignment per form factor; the object's own default where the app assigns none.
    expect(site.recordPages).toEqual({
      User: { Large: 'Rep_Page', Small: 'Rep_Phone' },
      Widget__c: { Large: 'Widget_Page' }
    });
    expect(site.appPageTabs).toEqual({ Team: { label: 'My Team', flexiPage: 'Team_Page' } });
    expect(site.flexiPages.Rep_Page).toEqual({
      name: 'Rep_Page',
      label: 'Rep_Page label',
      type: 'RecordPage',
      sobjectType: 'User',
      template: 'flexipage:recordHomeTemplateDesktop',
      regions: [
        {
          name: 'header',
          type: 'Region',
          components: [{ componentName: 'force:highlightsPanel', identifier: 'h', properties: {} }]
        },
        {
          name: 'main',
          type: 'Region',
          components: [{ componentName: 'c:widgetCard', identifier: 'w3', properties: { compact: 'true' } }]
        }
      ]
    });
    expect(Object.keys(site.components)).toEqual(['c:widgetCard']);
    expect(site.components['c:widgetCard']).toEqual({
      bundle: 'widgetCard',
      tag: 'c-widget-card',
      label: 'Widget Card',
      targets: ['lightning__AppPage', 'lightning__RecordPage'],
      properties: {
        size: { type: 'Integer', default: '2' },
        compact: { type: 'Boolean', default: undefined }
      }
    });
    expect(registrySource(site)).toBe(
      'import c0 from \'c/widgetCard\';\nexport default {\n  "c:widgetCard": c0\n};\n'
    );
  });

  it('names what is missing: a tab the app lists, a page an assignment names, a template', () => {
    fixture(['standard-home', 'Gadget__c']);
    expect(() => readSite(dir)).toThrow(
      'The app lists tab Gadget__c, but tabs/Gadget__c.tab-meta.xml does not exist'
    );
    fixture();
    rmSync(join(dir, 'flexipages', 'Rep_Phone.flexipage-meta.xml'));
    expect(() => readSite(dir)).toThrow(
      'Sales_Competency.app-meta.xml assigns FlexiPage Rep_Phone, which does not exist'
    );
    fixture();
    const file = join(dir, 'flexipages', 'Team_Page.flexipage-meta.xml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/<template>.*<\/template>/, ''));
    expect(() => readSite(dir)).toThrow(
      'Team_Page.flexipage-meta.xml: the FlexiPage has no <template><name>'
    );
    expect(() => readSite(join(dir, 'nowhere'))).toThrow(/No CustomApplication Sales_Competency at/);
  });

  it('reads the package itself: the app tabs in order and every exposed bundle, not the services', () => {
    const site = readSite(REPO_MD);
    const app = readFileSync(join(REPO_MD, 'applications', 'Sales_Competency.app-meta.xml'), 'utf8');
    expect(site.app.navItems.map((i) => i.name)).toEqual(
      [...app.matchAll(/<tabs>([^<]+)<\/tabs>/g)].map((m) => m[1])
    );
    expect(site.homePage).toBe('Sales_Competency_Home');
    expect(site.components['c:modelOverview']?.tag).toBe('c-model-overview');
    expect(site.components['c:scoring']).toBeUndefined();
  });
});

describe('names and icons', () => {
  it('derives element names and tab icons as Lightning does', () => {
    expect(tagOf('modelOverview')).toBe('c-model-overview');
    expect(tagOf('repRatingScreen')).toBe('c-rep-rating-screen');
    expect(motifIcon('Custom62: Chalkboard')).toBe('custom:custom62');
    expect(motifIcon(undefined)).toBe('standard:default');
  });
});
