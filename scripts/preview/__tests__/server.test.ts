/**
 * The preview server against a seeded local org: one session per persona kept server-side, chosen
 * by cookie; pages carry the persona's user and grants but never a token; only the data API is
 * forwarded.
 */
import { startLocalOrg, type LocalOrg } from '../../localOrg/index';
import { pageHtml, startPreview, type Preview } from '../server';
import { personaGuide } from '../guide';
import { readSite } from '../site';
import { join } from 'node:path';

let org: LocalOrg;
let preview: Preview;

beforeAll(async () => {
  org = await startLocalOrg({ plans: true, seed: { reps: 16, quarters: 1, assessments: true } });
  preview = await startPreview({ orgUrl: org.url, accessToken: org.accessToken });
}, 60000);

afterAll(async () => {
  await new Promise<void>((resolve) => preview.server.close(() => resolve()));
  await org.close();
});

const get = (path: string, cookie?: string): Promise<Response> =>
  fetch(new URL(path, preview.url), { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });

function context(html: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="preview-context">(.*?)<\/script>/.exec(html);
  if (!m) throw new Error('no context in the page');
  return JSON.parse(m[1]) as Record<string, unknown>;
}

const TOKEN = /[A-Za-z0-9]{15}![A-Za-z0-9_-]{20,}/;

it('offers the org personas and signs a page in as the one the address names, then drops the name', async () => {
  const first = await get('/lightning/page/home?persona=rep');
  expect(first.status).toBe(302);
  expect(first.headers.get('location')).toBe('/lightning/page/home');
  const cookie = first.headers.get('set-cookie')!.split(';')[0];
  expect(cookie).toBe('preview_persona=rep');
  const page = await get('/lightning/page/home', cookie);
  const html = await page.text();
  expect(html).not.toMatch(TOKEN);
  expect(html).not.toContain(org.accessToken);
  const ctx = context(html);
  expect(ctx).toMatchObject({
    persona: 'rep',
    userId: org.personas.rep!.id,
    userName: org.personas.rep!.name
  });
  expect((ctx.personas as { key: string }[]).map((p) => p.key)).toEqual([
    'admin',
    'manager',
    'rep',
    'calibrator',
    'leader'
  ]);
  expect(ctx.customPermissions).toEqual([]);
});

it('gives each persona the custom permissions of their permission sets', async () => {
  const ctx = context(await (await get('/lightning/page/home', 'preview_persona=calibrator')).text());
  expect(ctx.customPermissions).toEqual(['Calibrate_Scores']);
});

it('forwards data requests with the chosen persona session: the rep sees own assessments only', async () => {
  const q = `/services/data/v66.0/query?q=${encodeURIComponent('SELECT Id, OwnerId FROM Assessment__c')}`;
  const asAdmin = (await (await get(q)).json()) as { totalSize: number };
  const asRep = (await (await get(q, 'preview_persona=rep')).json()) as {
    totalSize: number;
    records: { OwnerId: string }[];
  };
  expect(asAdmin.totalSize).toBe(16);
  expect(asRep.totalSize).toBeGreaterThan(0);
  expect(asRep.totalSize).toBeLessThan(asAdmin.totalSize);
  expect(new Set(asRep.records.map((r) => r.OwnerId))).toEqual(new Set([org.personas.rep!.id]));
});

it('refuses unknown personas and forwards nothing but the data API', async () => {
  const bad = await fetch(new URL('/__preview/persona', preview.url), {
    method: 'POST',
    body: '{"persona":"ceo"}'
  });
  expect(bad.status).toBe(400);
  expect(await bad.text()).toContain(
    'Unknown persona ceo; this org offers admin, manager, rep, calibrator, leader'
  );
  const notJson = await fetch(new URL('/__preview/persona', preview.url), { method: 'POST', body: 'rep' });
  expect(notJson.status).toBe(400);
  const switched = await fetch(new URL('/__preview/persona', preview.url), {
    method: 'POST',
    body: '{"persona":"manager"}'
  });
  expect(switched.status).toBe(200);
  expect(switched.headers.get('set-cookie')).toContain('preview_persona=manager');
  expect(await switched.text()).not.toMatch(TOKEN);
  expect((await get('/lightning/page/home', 'preview_persona=ceo')).status).toBe(400);
  expect((await get('/services/data/v66.0/limits', 'preview_persona=ceo')).status).toBe(401);
  expect((await get('/services/oauth2/userinfo')).status).toBe(404);
  expect((await get('/__localorg/personas')).status).toBe(404);
  expect((await get('/assets/..%2f..%2f..%2fpackage.json')).status).toBe(404);
});

it('escapes the context so no value can end the script element', () => {
  const html = pageHtml({
    persona: 'admin',
    userId: '005',
    userName: '</script><b>x',
    customPermissions: [],
    personas: []
  });
  expect(html).toContain('\\u003c/script>\\u003cb>x');
  expect(html.match(/<\/script>/g)).toHaveLength(2);
});

it('prints which persona to pick for what, with direct links', () => {
  const site = readSite(join(__dirname, '..', '..', '..', 'force-app', 'main', 'default'));
  const lines = personaGuide(preview.url, org.personas, site, 'REPID', 'DEALID');
  expect(lines[0]).toBe(`Screens: ${preview.url}lightning/page/home`);
  expect(lines.join('\n')).toContain(
    `Rep (${org.personas.rep!.name}): My Career (level, promotion checklist, acknowledgement, self-assessment) at ${preview.url}lightning/n/My_Career; their manager's assessment, read-only, at ${preview.url}lightning/r/User/${org.personas.rep!.id}/view`
  );
  const manager = lines.find((l) => l.startsWith('  Manager (')) ?? '';
  expect(manager).toContain(`Team (${preview.url}lightning/n/Sales_Competency_Team)`);
  expect(manager).not.toContain('My_Career');
  expect(manager).not.toContain('Calibration');
  expect(manager).toContain(`coach a deal at ${preview.url}lightning/r/Opportunity/DEALID/view`);
  expect(lines.join('\n')).toContain(
    `Calibrator (${org.personas.calibrator!.name}): override a final score with a reason at ${preview.url}lightning/r/User/REPID/view, or on Calibration (${preview.url}lightning/n/Calibration)`
  );
  expect(lines.find((l) => l.startsWith('  Sales leader ('))).toContain(
    `Calibration (${preview.url}lightning/n/Calibration)`
  );
  expect(lines.filter((l) => l.startsWith('  '))).toHaveLength(5);
});
