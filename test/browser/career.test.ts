/**
 * The rep's career page in a real browser against the local org with per-user sessions: the rep
 * sees their level, the next level and the promotion checklist on the My Career tab in one data
 * request, acknowledges a submitted assessment (saved under the save contract), cannot see another
 * rep's assessments, and the manager sees the acknowledgement on the rep's User record page.
 * The test adds its own submitted assessment for a later period, so the seeded ones stay as they are.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../scripts/preview/build';
import { adminGet, disconnect, expectAxeClean, expectOneDataRequest, openScreen, personas } from './harness';
import type { Persona } from './harness';
import { ENV } from './env';

jest.setTimeout(180000);

const PERIOD = '2027-Q1';
const IMAGES = join(ROOT, 'docs', 'images');
const API = '/services/data/v66.0';

interface QueryResult<T> {
  totalSize: number;
  records: T[];
}

const soql = <T>(q: string): Promise<QueryResult<T>> =>
  adminGet<QueryResult<T>>(`${API}/query?q=${encodeURIComponent(q)}`);

/** A session of a persona, made by the admin through the local org's control route. */
async function tokenFor(username: string): Promise<string> {
  const response = await fetch(new URL('/__localorg/sessions', process.env[ENV.orgUrl]), {
    method: 'POST',
    headers: { Authorization: `Bearer ${process.env[ENV.orgToken]}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ username })
  });
  if (!response.ok) throw new Error(`session for ${username}: HTTP ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Creates a record through REST as the token's user; fails with the org's message. */
async function create(token: string, object: string, fields: Record<string, unknown>): Promise<string> {
  const response = await fetch(new URL(`${API}/sobjects/${object}`, process.env[ENV.orgUrl]), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(fields)
  });
  const body = (await response.json()) as { id?: string } | { message: string }[];
  if (!response.ok || !('id' in body) || !body.id)
    throw new Error(`create ${object}: ${JSON.stringify(body)}`);
  return body.id;
}

interface RepRecord {
  Id: string;
  Name: string;
  Sales_Role__c: string;
  Career_Level__c: number;
}

let people: Record<string, Persona>;
let rep: RepRecord;
let assessmentId: string;

beforeAll(async () => {
  mkdirSync(IMAGES, { recursive: true });
  people = await personas();
  rep = (
    await soql<RepRecord>(
      `SELECT Id, Name, Sales_Role__c, Career_Level__c FROM User WHERE Id = '${people.rep.id}'`
    )
  ).records[0];
  // The manager submits an assessment of a later period, following the save contract.
  const manager = await tokenFor(people.manager.username);
  const tokens = { Save_Token__c: 'career-test-saved', Previous_Save_Token__c: 'career-test-created' };
  assessmentId = await create(manager, 'Assessment__c', {
    Rep__c: rep.Id,
    OwnerId: rep.Id,
    Assessor__c: people.manager.id,
    Type__c: 'Manager',
    Period__c: PERIOD,
    Status__c: 'Submitted',
    Sales_Role__c: rep.Sales_Role__c,
    Scope_Rating__c: 'Exceeding',
    Impact_Rating__c: 'Meeting',
    In_Ramp__c: false,
    Version__c: 1,
    ...tokens
  });
  const competency = (
    await soql<{ Competency__c: string }>(
      `SELECT Competency__c FROM Role_Competency__c WHERE Sales_Role__c = '${rep.Sales_Role__c}' LIMIT 1`
    )
  ).records[0].Competency__c;
  const behaviors = (
    await soql<{ Id: string }>(`SELECT Id FROM Job_Behavior__c WHERE Competency__c = '${competency}' LIMIT 2`)
  ).records;
  await create(manager, 'Behavior_Rating__c', {
    Assessment__c: assessmentId,
    Job_Behavior__c: behaviors[0].Id,
    Rating__c: '4',
    Version__c: 1,
    ...tokens
  });
  await create(manager, 'Behavior_Rating__c', {
    Assessment__c: assessmentId,
    Job_Behavior__c: behaviors[1].Id,
    Rating__c: '2',
    Evidence__c: 'Skipped the second discovery call on two deals this quarter.',
    Version__c: 1,
    ...tokens
  });
});

afterAll(disconnect);

it('shows the rep their level, the next level and the checklist on My Career, in one data request', async () => {
  const screen = await openScreen('/lightning/n/My_Career', { persona: 'rep' });
  const { page } = screen;
  try {
    await page.locator('c-career-path [data-id="level-heading"]').waitFor({ timeout: 60000 });
    const heading = await page.locator('c-career-path [data-id="level-heading"]').innerText();
    expect(heading).toContain(`L${rep.Career_Level__c}`);
    const current = page.locator('c-career-path [data-id="ladder"] li[data-state="current"]');
    expect(await current.innerText()).toContain(`L${rep.Career_Level__c}`);
    expect(await current.getAttribute('aria-current')).toBe('step');
    if (rep.Career_Level__c < 6) {
      expect(
        await page.locator('c-career-path [data-id="ladder"] li[data-state="next"]').innerText()
      ).toContain(`L${rep.Career_Level__c + 1}`);
    }
    expect(await page.locator('c-career-path [data-id="checklist"] li').count()).toBe(
      rep.Career_Level__c < 6 ? 3 : 1
    );
    expect(await page.locator('c-career-path [data-id="latest-summary"]').innerText()).toContain(PERIOD);
    expect(await page.locator('c-career-path [data-id="latest-ratings"]').innerText()).toContain(
      'Evidence: Skipped the second discovery call on two deals this quarter.'
    );
    // The real lightning-card rendered the title a stub would not.
    expect(await page.locator('c-career-path lightning-card').innerText()).toContain('My career');
    await expectOneDataRequest(screen, 'careerPath');
    expect(screen.dataRequests[0].variables).toEqual({ repId: people.rep.id });
    await expectAxeClean(page, 'c-career-path');
    await page.locator('c-career-path').screenshot({ path: join(IMAGES, 'career-rep.png') });
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('fits a phone: nothing scrolls sideways at 360 px', async () => {
  const screen = await openScreen('/lightning/n/My_Career', { persona: 'rep', width: 360, height: 780 });
  const { page } = screen;
  try {
    await page.locator('c-career-path [data-id="level-heading"]').waitFor({ timeout: 60000 });
    await screen.dataSettled();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(360);
    await expectAxeClean(page, 'c-career-path');
    await page.locator('c-career-path').screenshot({ path: join(IMAGES, 'career-phone.png') });
  } finally {
    await screen.close();
  }
});

it('lets the rep acknowledge the submitted assessment with a comment, saved under the save contract', async () => {
  const screen = await openScreen('/lightning/n/My_Career', { persona: 'rep' });
  const { page } = screen;
  try {
    await page.locator('c-career-path [data-id="acknowledge"]').waitFor({ timeout: 60000 });
    await page
      .locator('c-career-path [data-id="ack-comment-input"] textarea')
      .fill('Fair. I will book the second calls.');
    await page.locator('c-career-path [data-id="acknowledge-button"] button').click();
    const message = page.locator('c-career-path [data-id="ack-message"]');
    await message.waitFor({ timeout: 30000 });
    expect(await message.innerText()).toContain('Thank you. You acknowledged your 2027-Q1 assessment');
    await page.locator('c-career-path [data-id="acknowledged"]').waitFor({ timeout: 30000 });
    expect(await page.locator('c-career-path [data-id="acknowledged"]').innerText()).toContain(
      'Comment: Fair. I will book the second calls.'
    );
    const saved = (
      await soql<{
        Status__c: string;
        Acknowledgement_Comment__c: string;
        Version__c: number;
        Save_Token__c: string;
      }>(
        `SELECT Status__c, Acknowledgement_Comment__c, Version__c, Save_Token__c FROM Assessment__c WHERE Id = '${assessmentId}'`
      )
    ).records[0];
    expect(saved.Status__c).toBe('Acknowledged');
    expect(saved.Acknowledgement_Comment__c).toBe('Fair. I will book the second calls.');
    expect(saved.Version__c).toBe(2);
    expect(saved.Save_Token__c).not.toBe('career-test-saved');
    // One mutation, then the re-read.
    expect(screen.dataRequests.filter((r) => r.query.includes('acknowledgeAssessment'))).toHaveLength(1);
    await expectAxeClean(page, 'c-career-path');
    await page.locator('c-career-path').screenshot({ path: join(IMAGES, 'career-acknowledged.png') });
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});

it('shows the rep no assessment of another rep, although that rep has one', async () => {
  const other = (
    await soql<{ Rep__c: string }>(
      `SELECT Rep__c FROM Assessment__c WHERE Rep__c != '${people.rep.id}' AND Status__c = 'Submitted' LIMIT 1`
    )
  ).records[0].Rep__c;
  const screen = await openScreen(`/lightning/r/User/${other}/view`, { persona: 'rep' });
  const { page } = screen;
  try {
    await page.locator('c-career-path [data-id="hidden"]').waitFor({ timeout: 60000 });
    expect(await page.locator('c-career-path [data-id="hidden"]').innerText()).toContain('that you can see');
    expect(await page.locator('c-career-path [data-id="latest-ratings"]').count()).toBe(0);
    expect(await page.locator('c-career-path [data-id="checklist"]').count()).toBe(0);
    await screen.dataSettled();
    const career = screen.dataRequests.filter((r) => r.query.includes('query careerPath'));
    expect(career).toHaveLength(1);
    expect(career[0].variables).toEqual({ repId: other });
    await expectAxeClean(page, 'c-career-path');
  } finally {
    await screen.close();
  }
});

it('shows the manager the rep’s career with the acknowledgement on the rep’s record page', async () => {
  const screen = await openScreen(`/lightning/r/User/${people.rep.id}/view`, { persona: 'manager' });
  const { page } = screen;
  try {
    await page.locator('c-career-path [data-id="acknowledged"]').waitFor({ timeout: 60000 });
    expect(await page.locator('c-career-path lightning-card').first().innerText()).toContain(
      `Career of ${rep.Name}`
    );
    expect(await page.locator('c-career-path [data-id="acknowledged"]').innerText()).toContain(
      `${rep.Name} acknowledged this assessment.`
    );
    await screen.dataSettled();
    expect(screen.dataRequests.filter((r) => r.query.includes('query careerPath'))).toHaveLength(1);
    await expectAxeClean(page, 'c-career-path');
    await page.locator('c-career-path').screenshot({ path: join(IMAGES, 'career-manager.png') });
    expect(screen.errors).toEqual([]);
  } finally {
    await screen.close();
  }
});
