/**
 * The preview's Lightning Experience shell in a real browser: navigation items from the app's
 * XML, moving between pages without a reload, the persona picker switching the server-side
 * session (the user id components read and the records the org shows), SLDS toasts, and record
 * pages laid out from the FlexiPage the app assigns (or the standard header without one).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/preview/build';
import {
  adminGet,
  dataOperations,
  disconnect,
  expectAxeClean,
  expectOneDataRequest,
  openScreen,
  personas
} from './harness';

jest.setTimeout(120000);

const MD = join(ROOT, 'force-app', 'main', 'default');
const read = (...path: string[]): string => readFileSync(join(MD, ...path), 'utf8');
const tags = (xml: string, tag: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]);

/** The app's tabs in order with the label Lightning gives each, read straight from the XML. */
function expectedNav(): { name: string; label: string }[] {
  return tags(read('applications', 'Sales_Competency.app-meta.xml'), 'tabs').map((name) => {
    if (name === 'standard-home') return { name, label: 'Home' };
    const tab = read('tabs', `${name}.tab-meta.xml`);
    if (tab.includes('<flexiPage>')) return { name, label: tags(tab, 'label')[0] };
    return { name, label: tags(read('objects', name, `${name}.object-meta.xml`), 'pluralLabel')[0] };
  });
}

interface QueryResult<T> {
  totalSize: number;
  records: T[];
}

const soql = <T>(q: string): Promise<QueryResult<T>> =>
  adminGet<QueryResult<T>>(`/services/data/v66.0/query?q=${encodeURIComponent(q)}`);

afterAll(disconnect);

/** The tabs a permission set shows (tabSettings set to Visible), read straight from its XML. */
const visibleTabs = (set: string): string[] =>
  [
    ...read('permissionsets', `Sales_Competency_${set}.permissionset-meta.xml`).matchAll(
      /<tab>([^<]*)<\/tab>\s*<visibility>Visible<\/visibility>/g
    )
  ].map((m) => m[1]);

it.each([
  ['rep', 'Rep', 'My_Career', 'Sales_Competency_Team'],
  ['manager', 'Manager', 'Sales_Competency_Team', 'My_Career']
])('shows the %s only the tabs their permission sets make visible', async (persona, set, shown, hidden) => {
  const screen = await openScreen('/lightning/page/home', { persona });
  try {
    const nav = screen.page.locator('[data-id="nav"] > li');
    await nav.first().waitFor();
    const names = await nav.evaluateAll((items) => items.map((li) => li.getAttribute('data-tab') ?? ''));
    const visible = new Set(visibleTabs(set));
    expect(names).toEqual(
      expectedNav()
        .map((item) => item.name)
        .filter((name) => name === 'standard-home' || visible.has(name))
    );
    expect(names).toContain(shown);
    expect(names).not.toContain(hidden);
  } finally {
    await screen.close();
  }
});

it('renders the navigation items of the app XML in order and moves between pages without reloading', async () => {
  const screen = await openScreen('/lightning/page/home');
  const { page } = screen;
  try {
    const nav = page.locator('[data-id="nav"] > li');
    await nav.first().waitFor();
    const shown = await nav.evaluateAll((items) =>
      items.map((li) => ({ name: li.getAttribute('data-tab') ?? '', label: li.textContent?.trim() ?? '' }))
    );
    expect(shown).toEqual(expectedNav());
    expect(await page.locator('[data-id="app-name"]').textContent()).toBe('Sales Competency');
    expect(await page.locator('[data-tab="standard-home"]').getAttribute('class')).toContain(
      'slds-is-active'
    );

    // A marker that a full page load would wipe out.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await page.locator('[data-tab="Assessment__c"] a').click();
    await page.waitForURL('**/lightning/o/Assessment__c/home');
    await page.locator('[data-id="object-home"] h1').waitFor();
    expect(await page.locator('[data-id="object-home"] h1').textContent()).toBe('Assessments');
    expect(await page.locator('[data-tab="Assessment__c"]').getAttribute('class')).toContain(
      'slds-is-active'
    );
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);

    // Back returns to the home page, still without a reload.
    await page.goBack();
    await page.waitForSelector('c-model-overview [data-id="counts"]');
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('switches persona on the server: @salesforce/user/Id and the records the org shows follow the session', async () => {
  const people = await personas();
  const screen = await openScreen('/lightning/o/Assessment__c/home', { persona: 'admin' });
  const { page } = screen;
  try {
    const count = page.locator('[data-id="object-home"] .slds-page-header__meta-text');
    await count.waitFor();
    const all = await soql<{ Id: string }>('SELECT Id FROM Assessment__c');
    expect(await count.textContent()).toContain(`${all.totalSize} items`);
    await expectOneDataRequest(screen, 'objectHome');
    expect(await page.locator('[data-id="me"]').getAttribute('href')).toBe(
      `/lightning/r/User/${people.admin.id}/view`
    );

    // Pick the rep in the persona picker: the page reloads signed in as the rep.
    await page
      .locator('lightning-combobox[data-id="persona"] button, lightning-combobox[data-id="persona"] input')
      .first()
      .click();
    await Promise.all([
      page.waitForEvent('load'),
      page.locator('lightning-combobox[data-id="persona"] [data-value="rep"]').click()
    ]);
    await page.locator('[data-id="me"]').waitFor();
    expect(await page.locator('[data-id="me"]').getAttribute('href')).toBe(
      `/lightning/r/User/${people.rep.id}/view`
    );
    expect(await page.locator('[data-id="me"]').textContent()).toBe(people.rep.name);

    // The rep's session sees only what sharing gives the rep: the assessments the rep owns.
    await count.waitFor();
    const own = await soql<{ Id: string; Name: string }>(
      `SELECT Id, Name FROM Assessment__c WHERE OwnerId = '${people.rep.id}' ORDER BY Name`
    );
    expect(own.totalSize).toBeGreaterThan(0);
    expect(own.totalSize).toBeLessThan(all.totalSize);
    expect(await count.textContent()).toContain(`${own.totalSize} items`);
    const names = await page
      .locator('[data-id="object-home"] ~ .slds-card li a, .slds-card li a')
      .allTextContents();
    expect(names).toEqual(own.records.map((r) => r.Name));
    // No token ever reaches the page.
    expect(await page.content()).not.toMatch(/[A-Za-z0-9]{15}![A-Za-z0-9_-]{20,}/);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('shows a platform toast event as an SLDS toast', async () => {
  const screen = await openScreen('/lightning/page/home');
  const { page } = screen;
  try {
    await page.waitForSelector('c-model-overview [data-id="counts"]');
    // Exactly the event lightning/platformShowToastEvent's ShowToastEvent dispatches.
    await page.locator('c-model-overview').evaluate((element) => {
      element.dispatchEvent(
        new CustomEvent('lightning__showtoast', {
          bubbles: true,
          composed: true,
          cancelable: true,
          detail: {
            title: 'Draft saved',
            message: 'Saved at {0}',
            messageData: ['10:42'],
            variant: 'success'
          }
        })
      );
    });
    const toast = page.locator('lightning-toast .slds-notify_toast');
    await toast.waitFor();
    expect(await toast.getAttribute('class')).toContain('slds-theme_success');
    expect(await toast.innerText()).toContain('Draft saved');
    expect(await toast.innerText()).toContain('Saved at 10:42');
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

/** The record page the app assigns to an object on desktops, read from the XML (app first). */
function assignedRecordPage(object: string): string | undefined {
  const app = read('applications', 'Sales_Competency.app-meta.xml');
  for (const block of app.split('<actionOverrides>').slice(1)) {
    const o = block.split('</actionOverrides>')[0];
    if (
      tags(o, 'actionName')[0] === 'View' &&
      tags(o, 'type')[0] === 'Flexipage' &&
      tags(o, 'pageOrSobjectType')[0] === object &&
      (tags(o, 'formFactor')[0] ?? 'Large') === 'Large'
    )
      return tags(o, 'content')[0];
  }
  return undefined;
}

it('lays out the User record page from the FlexiPage the app assigns, or the standard header without one', async () => {
  const people = await personas();
  const screen = await openScreen(`/lightning/r/User/${people.rep.id}/view`, { persona: 'manager' });
  const { page } = screen;
  try {
    const assigned = assignedRecordPage('User');
    if (assigned) {
      const xml = read('flexipages', `${assigned}.flexipage-meta.xml`);
      await page.locator(`[data-flexipage="${assigned}"]`).waitFor();
      const identifiers = tags(xml, 'identifier');
      const placed = await page
        .locator(`[data-flexipage="${assigned}"] [data-instance]`)
        .evaluateAll((els) => els.map((e) => e.getAttribute('data-instance')));
      expect([...placed].sort()).toEqual([...identifiers].sort());
      const custom = tags(xml, 'componentName').filter((n) => n.startsWith('c:'));
      for (const name of custom) {
        const tag = `c-${name.slice(2).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        await page.locator(tag).first().waitFor();
      }
      // Each component on the page loads its data in one request of its own.
      const operations = await dataOperations(screen);
      expect(new Set(operations).size).toBe(operations.length);
      expect(operations.length).toBeLessThanOrEqual(custom.length);
    } else {
      const name = page.locator('[data-id="record-name"]');
      await name.filter({ hasNotText: 'Loading' }).waitFor();
      expect(await name.textContent()).toBe(people.rep.name);
    }
    expect(await page.locator('[data-id="instance-error"]').count()).toBe(0);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('shows an Account, which has no record page in the app, as the standard record header, axe clean', async () => {
  const account = await soql<{ Id: string; Name: string }>(
    'SELECT Id, Name FROM Account ORDER BY Name LIMIT 1'
  );
  expect(account.records).toHaveLength(1);
  expect(assignedRecordPage('Account')).toBeUndefined();
  const screen = await openScreen(`/lightning/r/Account/${account.records[0].Id}/view`, { persona: 'admin' });
  const { page } = screen;
  try {
    await page.locator('[data-id="record-name"]').filter({ hasNotText: 'Loading' }).waitFor();
    expect(await page.locator('[data-id="record-name"]').textContent()).toBe(account.records[0].Name);
    await expectAxeClean(page);
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('answers an unknown address inside the app with a not-found page', async () => {
  const screen = await openScreen('/lightning/n/No_Such_Tab');
  try {
    await screen.page.locator('[data-id="not-found"]').waitFor();
    expect(await screen.page.locator('[data-id="not-found"]').innerText()).toContain(
      'No Lightning page tab named No_Such_Tab'
    );
    expect(screen.dataRequests).toHaveLength(0);
  } finally {
    await screen.close();
  }
});
