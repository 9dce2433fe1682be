/**
 * The manager's rating screen in a real browser, against the harness's local org with per-user
 * sessions: the manager opens a rep from the Team page, rates behaviours and sees the scores the
 * scoring library computes, saves a draft, finds it after a reload, loses a race to a second
 * browser and keeps their edits, then completes and submits once the metrics sync has run. The
 * rep sees the assessment read-only, a manager of another team sees none of it, the phone width
 * does not scroll sideways, and every state is axe clean with one data request
 * per load. Set RATING_SCREENSHOTS=1 to also write the docs/images/rating-*.png pictures.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { ROOT } from '../../scripts/preview/build';
import {
  lastClosedQuarter,
  scoreAssessment,
  utcDate
} from '../../force-app/main/default/lwc/scoring/scoring';
import type { CompetencyModel, RatingInput } from '../../force-app/main/default/lwc/scoring/scoring';
import { ENV } from './env';
import {
  adminGet,
  disconnect,
  expectAxeClean,
  expectOneDataRequest,
  openScreen,
  operationName,
  smallTargets,
  personas,
  type Persona,
  type Screen
} from './harness';

jest.setTimeout(180000);

const API = '/services/data/v66.0';
const SHOTS = process.env.RATING_SCREENSHOTS === '1';
const LABELS: Record<string, string> = {
  '1': '1 Not yet observed',
  '2': '2 Developing',
  '3': '3 Proficient',
  '4': '4 Advanced',
  '5': '5 Role model',
  'N/A': 'N/A'
};

interface QueryResult<T> {
  totalSize: number;
  records: T[];
}

const soql = async <T>(q: string): Promise<T[]> =>
  (await adminGet<QueryResult<T>>(`${API}/query?q=${encodeURIComponent(q)}`)).records;

/** Deletes a record as the administrator. */
async function adminDelete(object: string, id: string): Promise<void> {
  const response = await fetch(new URL(`${API}/sobjects/${object}/${id}`, process.env[ENV.orgUrl]), {
    method: 'DELETE',
    headers: { Authorization: `Bearer ${process.env[ENV.orgToken] ?? ''}` }
  });
  if (response.status !== 204) throw new Error(`DELETE ${object} ${id}: HTTP ${response.status}`);
}

/** Runs the metrics sync for a period against the harness org as the administrator, as RevOps would. */
function runSync(period: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      join(ROOT, 'node_modules', '.bin', 'tsx'),
      ['scripts/sync/cli.ts', '--period', period, '--only', 'metrics'],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          SF_INSTANCE_URL: process.env[ENV.orgUrl],
          SF_ACCESS_TOKEN: process.env[ENV.orgToken]
        }
      },
      (error, stdout, stderr) => (error ? reject(new Error(`sync failed: ${stderr}`)) : resolve(stdout))
    );
  });
}

/** The rep's role model as the org holds it, for scoring clicks independently of the screen. */
interface RoleModel {
  scoring: CompetencyModel;
  weights: Record<string, number>;
  competencyName: Map<string, string>;
  dimensionOf: Map<string, { id: string; name: string }>;
  competencyOf: Map<string, string>;
}

async function roleModel(role: string): Promise<RoleModel> {
  const weights: Record<string, number> = {};
  for (const rc of await soql<{ Competency__c: string; Weight__c: number | null }>(
    `SELECT Competency__c, Weight__c FROM Role_Competency__c WHERE Sales_Role__c = '${role}'`
  ))
    weights[rc.Competency__c] = rc.Weight__c ?? 1;
  const competencies = await soql<{
    Id: string;
    Name: string;
    Dimension__c: string;
    Dimension__r: { Name: string };
  }>('SELECT Id, Name, Dimension__c, Dimension__r.Name FROM Competency__c');
  const behaviors = await soql<{ Id: string; Competency__c: string }>(
    'SELECT Id, Competency__c FROM Job_Behavior__c'
  );
  return {
    scoring: {
      competencies: competencies.map((c) => ({ key: c.Id, dimensionKey: c.Dimension__c })),
      behaviors: behaviors.map((b) => ({ key: b.Id, competencyKey: b.Competency__c }))
    },
    weights,
    competencyName: new Map(competencies.map((c) => [c.Id, c.Name])),
    dimensionOf: new Map(competencies.map((c) => [c.Id, { id: c.Dimension__c, name: c.Dimension__r.Name }])),
    competencyOf: new Map(behaviors.map((b) => [b.Id, b.Competency__c]))
  };
}

const words = (score: number | null): string => (score === null ? 'unrated' : score.toFixed(2));
const exactly = (text: string): RegExp =>
  new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

const rating = (page: Page, behaviorId: string): Locator =>
  page.locator(`c-rep-rating lightning-radio-group[data-behavior="${behaviorId}"]`);

/** Clicks a rating, as a mouse user does. */
async function rate(page: Page, behaviorId: string, value: string): Promise<void> {
  await rating(page, behaviorId).getByText(LABELS[value], { exact: true }).click();
}

async function checkedValue(page: Page, behaviorId: string): Promise<string | null> {
  const checked = rating(page, behaviorId).locator('input:checked');
  return (await checked.count()) ? checked.inputValue() : null;
}

/** Waits until the screen shows the competency, dimension and overall scores the library computes. */
async function expectScores(
  page: Page,
  model: RoleModel,
  ratings: Record<string, RatingInput>,
  behaviorId: string
): Promise<void> {
  const scores = scoreAssessment(model.scoring, ratings, model.weights);
  const competencyId = model.competencyOf.get(behaviorId) as string;
  const dimension = model.dimensionOf.get(competencyId) as { id: string; name: string };
  const competencyText = `${model.competencyName.get(competencyId)}: ${words(scores.competencies[competencyId])} (weight ${model.weights[competencyId]})`;
  const dimensionText = `${dimension.name}: ${words(scores.dimensions[dimension.id])}`;
  const total = scores.ratedCount + scores.notApplicableCount + scores.unratedCount;
  const overallText = `Overall ${words(scores.overall)}: ${scores.ratedCount} of ${total} behaviours rated, ${scores.notApplicableCount} N/A, ${scores.unratedCount} still to rate.`;
  const timeout = { timeout: 10000 };
  await page
    .locator('c-rep-rating h3')
    .filter({ hasText: exactly(competencyText) })
    .waitFor(timeout);
  await page
    .locator('c-rep-rating h2')
    .filter({ hasText: exactly(dimensionText) })
    .waitFor(timeout);
  await page
    .locator('c-rep-rating [data-id="overall"]')
    .filter({ hasText: exactly(overallText) })
    .waitFor(timeout);
}

const loaded = (page: Page): Promise<void> =>
  page.locator('c-rep-rating [data-id="overall"]').waitFor({ timeout: 60000 });

async function messageText(page: Page, contains: string): Promise<string> {
  const message = page.locator('c-rep-rating [data-id="message"]').filter({ hasText: contains });
  await message.waitFor({ timeout: 30000 });
  return message.innerText();
}

const click = (page: Page, dataId: string): Promise<void> =>
  page.locator(`c-rep-rating lightning-button[data-id="${dataId}"] button`).click();

/** Controls in the rating screen a user could still change. */
const enabledControls = (page: Page): Promise<number> =>
  page
    .locator(
      'c-rep-rating input:not([disabled]):not([type="hidden"]), c-rep-rating textarea:not([disabled]), c-rep-rating select:not([disabled]), c-rep-rating lightning-combobox button:not([disabled])'
    )
    .count();

async function shot(page: Page, name: string, top = false): Promise<void> {
  if (SHOTS && top) await page.evaluate(() => window.scrollTo(0, 0));
  if (SHOTS) await page.screenshot({ path: join(ROOT, 'docs', 'images', name) });
}

interface AssessmentRow {
  Id: string;
  Status__c: string;
  Version__c: number;
  Eligible_Score__c: number | null;
  Final_Score__c: number | null;
  Overall_Score__c: number | null;
  Scope_Rating__c: string | null;
  Impact_Rating__c: string | null;
}

let people: Record<string, Persona>;
let period: string;
let target: { Id: string; Name: string; Sales_Role__c: string };
let model: RoleModel;
/** The behaviours of the rep's role in the order the screen shows them. */
let order: string[];
const clicked: Record<string, RatingInput> = {};
let main: Screen;

/** The rating screen's own data requests (the record page holds other components too). */
const ratingRequests = (screen: Screen): number =>
  screen.dataRequests.filter((r) => operationName(r.query) === 'repRating').length;

/** Waits for the data to settle and asserts that the screen load made exactly one rating request. */
async function expectOneRatingRequest(screen: Screen, before = 0): Promise<void> {
  await screen.dataSettled();
  expect(ratingRequests(screen) - before).toBe(1);
}

const route = (): string => `/lightning/r/User/${target.Id}/view`;

async function assessment(): Promise<AssessmentRow | undefined> {
  return (
    await soql<AssessmentRow>(
      `SELECT Id, Status__c, Version__c, Eligible_Score__c, Final_Score__c, Overall_Score__c, Scope_Rating__c, Impact_Rating__c FROM Assessment__c WHERE Rep__c = '${target.Id}' AND Period__c = '${period}' AND Type__c = 'Manager'`
    )
  )[0];
}

async function savedRatings(assessmentId: string): Promise<Record<string, string>> {
  const rows = await soql<{ Job_Behavior__c: string; Rating__c: string }>(
    `SELECT Job_Behavior__c, Rating__c FROM Behavior_Rating__c WHERE Assessment__c = '${assessmentId}'`
  );
  return Object.fromEntries(rows.map((r) => [r.Job_Behavior__c, r.Rating__c]));
}

beforeAll(async () => {
  people = await personas();
  period = lastClosedQuarter(utcDate(new Date()), { startMonth: 1, usesStartDateAsFiscalYearName: false });
  // A rep of the manager's team, not in ramp, whose assessment of the period the manager starts afresh.
  const reps = await soql<{ Id: string; Name: string; Sales_Role__c: string }>(
    `SELECT Id, Name, Sales_Role__c FROM User WHERE ManagerId = '${people.manager.id}' AND In_Ramp__c = false AND Id != '${people.rep.id}' AND Sales_Role__c != null ORDER BY Name`
  );
  expect(reps.length).toBeGreaterThan(0);
  target = reps[0];
  for (const a of await soql<{ Id: string }>(
    `SELECT Id FROM Assessment__c WHERE Rep__c = '${target.Id}' AND Period__c = '${period}'`
  ))
    await adminDelete('Assessment__c', a.Id);
  model = await roleModel(target.Sales_Role__c);
});

afterAll(async () => {
  await main?.close();
  await disconnect();
});

describe('the rating screen', () => {
  it('opens from the Team heatmap after filtering and sorting: the rep is not started, one data request per load, axe clean', async () => {
    main = await openScreen('/lightning/n/Sales_Competency_Team', { persona: 'manager' });
    const { page } = main;
    const link = page.locator(`c-team-heatmap a[data-rep="${target.Id}"]`);
    await link.waitFor({ timeout: 60000 });
    expect(await link.innerText()).toBe(target.Name);
    expect(await link.getAttribute('aria-label')).toBe(`Start rating ${target.Name}`);
    await expectOneDataRequest(main, 'teamHeatmap');
    await expectAxeClean(page, 'c-team-heatmap');

    // Filter to the rep's sales role: only reps of that role stay.
    const repRoles = async (): Promise<string[]> =>
      page
        .locator('c-team-heatmap tbody th[scope="row"] div')
        .evaluateAll((divs) => divs.map((d) => (d.textContent ?? '').split(' · ')[0]));
    const allRoles = await repRoles();
    await page.locator('c-team-heatmap lightning-combobox[data-id="role"] button').click();
    await page
      .locator(`c-team-heatmap lightning-combobox[data-id="role"] [data-value="${target.Sales_Role__c}"]`)
      .click();
    const filtered = await repRoles();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.length).toBeLessThanOrEqual(allRoles.length);
    expect(new Set(filtered).size).toBe(1);

    // Sort by overall score: the header says so, and the numbers run from high to low, blanks last.
    const overall = page.locator('c-team-heatmap th:has(button[data-key="overall"])');
    await overall.locator('button').click();
    await expect(overall.getAttribute('aria-sort')).resolves.toBe('descending');
    const numbers = await page.locator('c-team-heatmap tbody td[data-key="overall"]').evaluateAll((cells) =>
      cells.map((c) =>
        [...c.childNodes]
          .filter((n) => n.nodeType === Node.TEXT_NODE)
          .map((n) => n.textContent ?? '')
          .join('')
          .trim()
      )
    );
    const rated = numbers.filter((n) => /\d/.test(n)).map(Number);
    expect(rated).toEqual([...rated].sort((a, b) => b - a));
    expect(numbers.slice(rated.length).every((n) => !/\d/.test(n))).toBe(true);
    await expectAxeClean(page, 'c-team-heatmap');

    await link.click();
    await page.waitForURL(`**${route()}`);
    await loaded(page);
    await expectOneRatingRequest(main);
    expect(await page.locator('c-rep-rating [data-id="status-line"]').innerText()).toBe(
      `No assessment for ${period} yet.`
    );
    order = await page
      .locator('c-rep-rating lightning-radio-group[data-behavior]')
      .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-behavior') as string));
    const roleBehaviors = model.scoring.behaviors.filter((b) => b.competencyKey in model.weights);
    expect([...order].sort()).toEqual(roleBehaviors.map((b) => b.key).sort());
    await expectAxeClean(page, 'c-rep-rating');
    expect(main.errors).toEqual([]);
  });

  it('rescoring follows each click as the scoring library computes it, and a draft survives a reload', async () => {
    const { page } = main;
    // Two behaviours of one competency, then one elsewhere, then N/A: each click moves the scores.
    const first = order[0];
    const sameCompetency = order.find(
      (b, i) => i > 0 && model.competencyOf.get(b) === model.competencyOf.get(first)
    ) as string;
    const elsewhere = order.find(
      (b) => model.competencyOf.get(b) !== model.competencyOf.get(first)
    ) as string;
    for (const [behaviorId, value] of [
      [first, '4'],
      [sameCompetency, '2'],
      [elsewhere, '5'],
      [first, 'N/A'],
      [first, '3']
    ] as const) {
      await rate(page, behaviorId, value);
      clicked[behaviorId] = value;
      expect(await checkedValue(page, behaviorId)).toBe(value);
      await expectScores(page, model, clicked, behaviorId);
    }
    // A 2 needs evidence: the draft is refused until there is some, with the message beside the field.
    await click(page, 'save-draft');
    expect(await messageText(page, 'Not saved yet')).toContain('needs evidence');
    await page.locator('c-rep-rating [data-id="evidence-error"]').first().waitFor();
    await expectAxeClean(page, 'c-rep-rating');
    await page
      .locator(`c-rep-rating lightning-textarea[data-id="evidence-${sameCompetency}"] textarea`)
      .fill('Skipped discovery questions on two calls this quarter.');
    await shot(page, 'rating-desktop.png', true);
    await click(page, 'save-draft');
    await messageText(page, 'Draft saved');
    await expectAxeClean(page, 'c-rep-rating');

    const saved = (await assessment()) as AssessmentRow;
    expect(saved.Status__c).toBe('Draft');
    expect(await savedRatings(saved.Id)).toEqual(clicked);
    const scores = scoreAssessment(model.scoring, clicked, model.weights);
    expect(saved.Overall_Score__c).toBe(scores.overall);

    await main.dataSettled();
    const before = ratingRequests(main);
    await page.reload();
    await loaded(page);
    await expectOneRatingRequest(main, before);
    expect(await page.locator('c-rep-rating [data-id="status-line"]').innerText()).toMatch(
      new RegExp(`^Draft, last saved by ${people.manager.name} on .+\\.$`)
    );
    for (const [behaviorId, value] of Object.entries(clicked))
      expect(await checkedValue(page, behaviorId)).toBe(value);
    await expectScores(page, model, clicked, first);
    expect(main.errors).toEqual([]);
  });

  it('refuses a stale save from a second browser: names who saved and when, keeps the edits, overwrites nothing', async () => {
    const { page } = main;
    const second = await openScreen(route(), { persona: 'manager' });
    try {
      await loaded(second.page);
      await second.dataSettled();
      const [mine, theirs] = order.filter((b) => !(b in clicked)).slice(0, 2);

      // The first browser saves first.
      await rate(page, mine, '5');
      clicked[mine] = '5';
      await click(page, 'save-draft');
      await messageText(page, 'Draft saved');
      const afterFirst = (await assessment()) as AssessmentRow;

      // The second browser read the older version: its save is refused.
      await rate(second.page, theirs, '4');
      await click(second.page, 'save-draft');
      const text = await messageText(second.page, `${people.manager.name} saved this assessment on`);
      expect(text).toContain('Not saved: someone else saved this assessment first');
      expect(text).toContain('nothing of theirs was overwritten');
      expect(await checkedValue(second.page, theirs)).toBe('4');
      await second.page.locator('c-rep-rating lightning-button[data-id="reapply"]').waitFor();
      expect(await second.page.locator('c-rep-rating [data-id="save-draft"]').count()).toBe(0);
      await second.page.locator('c-rep-rating [data-id="message"]').scrollIntoViewIfNeeded();
      await shot(second.page, 'rating-conflict.png');
      await expectAxeClean(second.page, 'c-rep-rating');

      const now = (await assessment()) as AssessmentRow;
      expect(now.Version__c).toBe(afterFirst.Version__c);
      expect(await savedRatings(now.Id)).toEqual(clicked);
      expect(second.errors).toEqual([]);
    } finally {
      await second.close();
    }
  });

  it('completes every rating (one with the keyboard alone), waits for the sync, then submits', async () => {
    const { page } = main;
    await main.dataSettled();
    const rest = order.filter((b) => !(b in clicked));
    const [byKeyboard, ...byMouse] = rest;

    // Keyboard alone: Tab from the control before the group, then arrow keys pick 3.
    const previous = order[order.indexOf(byKeyboard) - 1];
    await page.locator(`c-rep-rating lightning-combobox[data-id="opportunity-${previous}"] button`).focus();
    for (
      let i = 0;
      i < 6 && !(await rating(page, byKeyboard).evaluate((el) => el.matches(':focus-within')));
      i++
    )
      await page.keyboard.press('Tab');
    expect(await rating(page, byKeyboard).evaluate((el) => el.matches(':focus-within'))).toBe(true);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await checkedValue(page, byKeyboard)).toBe('3');
    clicked[byKeyboard] = '3';
    await expectScores(page, model, clicked, byKeyboard);

    for (const behaviorId of byMouse) {
      await rate(page, behaviorId, '4');
      clicked[behaviorId] = '4';
    }
    await expectScores(page, model, clicked, byMouse[byMouse.length - 1]);
    await page
      .locator('c-rep-rating lightning-radio-group[data-id="scope"]')
      .getByText('Exceeding', { exact: true })
      .click();
    await page
      .locator('c-rep-rating lightning-radio-group[data-id="impact"]')
      .getByText('Meeting', { exact: true })
      .click();

    // No synced eligible score yet: the screen says so instead of letting the submit through.
    await click(page, 'submit');
    expect(await messageText(page, 'Not submitted yet')).toContain(
      `The metrics sync has not run for ${period} yet`
    );
    await expectAxeClean(page, 'c-rep-rating');
    await click(page, 'save-draft');
    await messageText(page, 'Draft saved');
    await main.dataSettled();

    await runSync(period);
    const synced = (await assessment()) as AssessmentRow;
    expect(synced.Eligible_Score__c).not.toBeNull();
    const eligible = synced.Eligible_Score__c as number;

    const before = ratingRequests(main);
    await page.reload();
    await loaded(page);
    await expectOneRatingRequest(main, before);
    expect(await page.locator('c-rep-rating [data-id="eligible"]').innerText()).toContain(
      `the eligible score is ${eligible}`
    );
    await page.locator('c-rep-rating lightning-combobox[data-id="final"] button').click();
    await page.locator(`c-rep-rating lightning-combobox[data-id="final"] [data-value="${eligible}"]`).click();
    await click(page, 'submit');
    await messageText(page, 'Assessment submitted');
    await expectAxeClean(page, 'c-rep-rating');

    const submitted = (await assessment()) as AssessmentRow;
    expect(submitted.Status__c).toBe('Submitted');
    expect(submitted.Final_Score__c).toBe(eligible);
    expect(submitted.Scope_Rating__c).toBe('Exceeding');
    expect(submitted.Impact_Rating__c).toBe('Meeting');
    expect(submitted.Overall_Score__c).toBe(scoreAssessment(model.scoring, clicked, model.weights).overall);
    expect(await savedRatings(submitted.Id)).toEqual(clicked);
    expect(main.errors).toEqual([]);
  });

  it('shows the rep their assessment read-only: no enabled rating control, no save button', async () => {
    const screen = await openScreen(`/lightning/r/User/${people.rep.id}/view`, { persona: 'rep' });
    const { page } = screen;
    try {
      await loaded(page);
      await page.locator('c-rep-rating [data-id="read-only"]').waitFor();
      await expectOneRatingRequest(screen);
      const own = (
        await soql<{ Id: string }>(
          `SELECT Id FROM Assessment__c WHERE Rep__c = '${people.rep.id}' AND Period__c = '${period}' AND Type__c = 'Manager'`
        )
      )[0];
      const ratings = await savedRatings(own.Id);
      const [behaviorId, value] = Object.entries(ratings)[0];
      expect(await checkedValue(page, behaviorId)).toBe(value);
      expect(await page.locator('c-rep-rating lightning-radio-group[data-behavior]').count()).toBe(
        Object.keys(ratings).length
      );
      expect(await enabledControls(page)).toBe(0);
      expect(
        await page
          .locator(
            'c-rep-rating [data-id="actions"], c-rep-rating [data-id="save-draft"], c-rep-rating [data-id="submit"]'
          )
          .count()
      ).toBe(0);
      await shot(page, 'rating-readonly.png');
      await expectAxeClean(page, 'c-rep-rating');
      expect(screen.errors).toEqual([]);
    } finally {
      await screen.close();
    }
  });

  it("gives a manager of another team none of the rep's assessment data", async () => {
    const screen = await openScreen(route(), { persona: 'calibrator' });
    const { page } = screen;
    try {
      // The answer is recorded from before navigation: it may arrive before openScreen returns.
      await screen.dataSettled();
      const answers = screen.dataAnswers.filter((a) => operationName(a.query) === 'repRating');
      expect(answers).toHaveLength(1);
      const body = (await answers[0].body) as {
        data: { uiapi: { query: { Assessment__c: { edges: unknown[] } } } };
      };
      expect(body.data.uiapi.query.Assessment__c.edges).toEqual([]);
      await loaded(page);
      expect(await page.locator('c-rep-rating [data-id="status-line"]').innerText()).toBe(
        `No assessment for ${period} yet.`
      );
      await page.locator('c-rep-rating [data-id="read-only"]').waitFor();
      expect(await enabledControls(page)).toBe(0);
      expect(
        await page.locator('c-rep-rating [data-id="save-draft"], c-rep-rating [data-id="submit"]').count()
      ).toBe(0);
      await expectOneRatingRequest(screen);
      await expectAxeClean(page, 'c-rep-rating');
    } finally {
      await screen.close();
    }
  });

  it('fits a 360 px phone: nothing scrolls sideways, one data request, axe clean', async () => {
    const screen = await openScreen(route(), { persona: 'manager', width: 360, height: 780 });
    const { page } = screen;
    try {
      await loaded(page);
      await expectOneRatingRequest(screen);
      const widths = await page.evaluate(() => ({
        scroll: document.documentElement.scrollWidth,
        client: document.documentElement.clientWidth
      }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
      // Every control a thumb uses is at least 44 px each way, except the evidence combobox, whose
      // height lightning-combobox fixes at 32 px in its own styles (the screen cannot change it).
      const small = await smallTargets(page, 'c-rep-rating');
      expect(small.filter((t) => !t.what.includes('slds-combobox__input'))).toEqual([]);
      await shot(page, 'rating-phone.png');
      await expectAxeClean(page, 'c-rep-rating');
      expect(screen.errors).toEqual([]);
    } finally {
      await screen.close();
    }
  });
});
