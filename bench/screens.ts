/**
 * Screen benchmarks in Chromium (`npm run bench:screens`): the preview bundle's size, each screen's
 * time to first render and data requests per load (generic by component name: the component on
 * the page the app shows it on), and the time one rating change takes to rescore and re-render a
 * full assessment. Writes bench/results/screens.json. A benchmark, not a test.
 */
import { gzipSync } from 'node:zlib';
import { cpus, loadavg } from 'node:os';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildPreview, ROOT } from '../scripts/preview/build';
import { launchBrowser, windowOptions } from '../scripts/preview/browser';
import { startStage, type Stage } from '../scripts/preview/stage';
import { tagOf } from '../scripts/preview/site';

const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

/** Median, minimum and maximum of some timings (ms, one decimal). */
function stats(values: number[]): { median: number; min: number; max: number; runs: number } {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return {
    median: round(sorted[Math.floor(sorted.length / 2)]),
    min: round(sorted[0]),
    max: round(sorted[sorted.length - 1]),
    runs: sorted.length
  };
}

/**
 * In the page: the first element matching `selector` anywhere, looking inside every shadow root
 * (the components render into synthetic shadow trees that document.querySelector does not enter).
 */
const DEEP_FIND = `
  window.__deepAll = (selector, root = document) => {
    const out = [...root.querySelectorAll(selector)];
    if (root.shadowRoot) out.push(...window.__deepAll(selector, root.shadowRoot));
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) out.push(...window.__deepAll(selector, el.shadowRoot));
    return out;
  };
`;

/**
 * In the page: a frame loop that finds the Team heatmap once, then notes the frame in which every
 * rep of the summary is a row of the table, and the moment after that frame has been laid out and
 * painted (a message posted from the frame callback runs after the frame's rendering), both
 * counted from the end of the data response, in window.__heatmap.
 */
const HEATMAP_FRAMES = `
  (() => {
    let host = null;
    const frame = () => {
      host = host || (window.__deepAll && window.__deepAll('c-team-heatmap')[0]);
      const root = host && host.shadowRoot;
      const rows = root ? root.querySelectorAll('tbody tr').length : 0;
      const summary = root && root.querySelector('[data-id="summary"]');
      const total = Number((/: (\\d+) reps?;/.exec(summary ? summary.textContent : '') || [])[1]);
      if (total && rows >= total) {
        const data = performance.getEntriesByType('resource').filter((e) => /\\/graphql$/.test(new URL(e.name).pathname));
        const end = Math.max(...data.map((e) => e.responseEnd));
        const inDom = performance.now() - end;
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          window.__heatmap = {
            inDom, painted: performance.now() - end, rows,
            competencies: root.querySelectorAll('thead th').length - 8
          };
        };
        channel.port2.postMessage(null);
        return;
      }
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })();
`;

/** The Team heatmap's size and its render times after its answer. */
export interface HeatmapResult {
  reps: number;
  competencies: number;
  cells: number;
  /** From the end of the answer to the frame in which every row is in the table. */
  rowsInDomMs: ReturnType<typeof stats>;
  /** From the end of the answer to the moment that frame has been laid out and painted. */
  paintedMs: ReturnType<typeof stats>;
}

/**
 * The largest heatmap: the leader's Team page (every rep of every team) as rows by competencies,
 * timed by HEATMAP_FRAMES in the page (the loop only counts rows: it costs nothing much).
 */
export async function measureHeatmap(
  browser: Browser,
  stage: Stage,
  repeat = REPEAT
): Promise<HeatmapResult> {
  const inDom: number[] = [];
  const painted: number[] = [];
  let size = { rows: 0, competencies: 0 };
  for (let i = 0; i < repeat; i++) {
    const context = await browser.newContext(windowOptions(1280, 900));
    await context.addInitScript(DEEP_FIND);
    await context.addInitScript(HEATMAP_FRAMES);
    const page = await context.newPage();
    const url = new URL('/lightning/n/Sales_Competency_Team', stage.preview.url);
    url.searchParams.set('persona', 'leader');
    await page.goto(url.toString(), { waitUntil: 'commit' });
    const done = await page.waitForFunction(
      () => (window as unknown as { __heatmap?: unknown }).__heatmap ?? false,
      undefined,
      { polling: 100, timeout: 60000 }
    );
    const r = (await done.jsonValue()) as {
      inDom: number;
      painted: number;
      rows: number;
      competencies: number;
    };
    inDom.push(r.inDom);
    painted.push(r.painted);
    size = { rows: r.rows, competencies: r.competencies };
    await context.close();
  }
  return {
    reps: size.rows,
    competencies: size.competencies,
    cells: size.rows * size.competencies,
    rowsInDomMs: stats(inDom),
    paintedMs: stats(painted)
  };
}

/** What to measure for one screen. */
export interface ScreenCase {
  /** The component as a FlexiPage names it, e.g. `c:modelOverview`. */
  component: string;
  /** The app address that shows it (default: the component alone, `/lightning/cmp/c__<bundle>`). */
  route?: string;
  persona?: string;
  width?: number;
}

/** One screen's first-render figures. */
export interface FirstRender {
  component: string;
  route: string;
  persona: string;
  /** From navigation start to the component rendered with its data (no spinner left). */
  firstRenderMs: ReturnType<typeof stats>;
  /** From the last data response to that render: the component's own work. */
  afterDataMs: ReturnType<typeof stats>;
  /** GraphQL requests the screen made on each load (the budget is 1). */
  dataRequestsPerLoad: number[];
  /** The operations of the first load, by name. */
  operations: string[];
}

/** Opens the case's route in a fresh context and waits until the component has rendered its data. */
async function openAndTime(
  browser: Browser,
  stage: Stage,
  c: ScreenCase
): Promise<{
  page: Page;
  ms: number;
  afterData: number;
  dataRequests: string[];
  close: () => Promise<void>;
}> {
  const tag = tagOf(c.component.replace(/^c:/, ''));
  const route = c.route ?? `/lightning/cmp/c__${c.component.replace(/^c:/, '')}`;
  const context = await browser.newContext(windowOptions(c.width ?? 1280, 900));
  await context.addInitScript(DEEP_FIND);
  // Sign the context in as the persona (the server sets the cookie and drops the parameter).
  const page = await context.newPage();
  const operations: string[] = [];
  page.on('request', (r) => {
    if (!/\/services\/data\/v[\d.]+\/graphql$/.test(new URL(r.url()).pathname)) return;
    const body = r.postDataJSON() as { query?: string; operationName?: string };
    operations.push(
      body.operationName ?? /(query|mutation)\s+(\w+)/.exec(body.query ?? '')?.[2] ?? 'anonymous'
    );
  });
  const url = new URL(route, stage.preview.url);
  url.searchParams.set('persona', c.persona ?? 'admin');
  await page.goto(url.toString(), { waitUntil: 'commit' });
  const ready = await page.waitForFunction(
    (tagName) => {
      const w = window as unknown as { __deepAll: (s: string, r?: ParentNode) => Element[] };
      const host = w.__deepAll(tagName)[0];
      if (!host?.shadowRoot) return false;
      if (w.__deepAll('lightning-spinner', host.shadowRoot).length) return false;
      const data = performance
        .getEntriesByType('resource')
        .filter((e) => /\/services\/data\/v[\d.]+\/graphql$/.test(new URL(e.name).pathname));
      if (!data.length || data.some((e) => (e as PerformanceResourceTiming).responseEnd === 0)) return false;
      if (!host.shadowRoot.querySelector('*')) return false;
      const lastData = Math.max(...data.map((e) => (e as PerformanceResourceTiming).responseEnd));
      return { at: performance.now(), afterData: performance.now() - lastData };
    },
    tag,
    { polling: 'raf', timeout: 60000 }
  );
  const { at: ms, afterData } = (await ready.jsonValue()) as { at: number; afterData: number };
  // Any further data request would start right after the first render: give it half a second.
  await page.waitForTimeout(500);
  return { page, ms, afterData, dataRequests: [...operations], close: () => context.close() };
}

/** Time to first render of a screen, REPEAT times in fresh browser contexts. */
export async function measureFirstRender(
  browser: Browser,
  stage: Stage,
  c: ScreenCase
): Promise<FirstRender> {
  const times: number[] = [];
  const afterData: number[] = [];
  const requests: number[] = [];
  let operations: string[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const run = await openAndTime(browser, stage, c);
    times.push(run.ms);
    afterData.push(run.afterData);
    requests.push(run.dataRequests.length);
    if (i === 0) operations = run.dataRequests;
    await run.close();
  }
  return {
    component: c.component,
    route: c.route ?? `/lightning/cmp/c__${c.component.replace(/^c:/, '')}`,
    persona: c.persona ?? 'admin',
    firstRenderMs: stats(times),
    afterDataMs: stats(afterData),
    dataRequestsPerLoad: requests,
    operations
  };
}

/**
 * Time from one click on a control of the screen to the end of the work it triggers (handlers,
 * rescoring, the re-render LWC schedules in a microtask), measured inside the page: the click is
 * dispatched, then a macrotask runs only once every microtask is done. Each repetition clicks the
 * next option of the first enabled control matching `control`, so every click changes a value.
 */
export async function measureClick(
  page: Page,
  c: { component: string; control: string; option: string }
): Promise<{ controls: number; clickMs: ReturnType<typeof stats> }> {
  const tag = tagOf(c.component.replace(/^c:/, ''));
  const times: number[] = [];
  let controls = 0;
  for (let i = 0; i < REPEAT * 2; i++) {
    const result = await page.evaluate(
      async ({ tagName, control, option, round }) => {
        const w = window as unknown as { __deepAll: (s: string, r?: ParentNode) => Element[] };
        const host = w.__deepAll(tagName)[0];
        if (!host?.shadowRoot) throw new Error(`${tagName} is not on the page`);
        const all = w.__deepAll(control, host.shadowRoot);
        const enabled = all.filter(
          (el) => !el.hasAttribute('disabled') && !(el as { disabled?: boolean }).disabled
        );
        if (!enabled.length) throw new Error(`No enabled ${control} in ${tagName} (${all.length} disabled)`);
        const options = w.__deepAll(option, enabled[0]) as HTMLElement[];
        if (options.length < 2)
          throw new Error(`The first ${control} has ${options.length} ${option} to choose from`);
        const target = options[round % 2];
        const t0 = performance.now();
        target.click();
        await new Promise((resolve) => setTimeout(resolve, 0));
        return { ms: performance.now() - t0, controls: all.length };
      },
      { tagName: tag, control: c.control, option: c.option, round: i }
    );
    controls = result.controls;
    if (i > 0) times.push(result.ms); // the first click warms the code paths up
  }
  return { controls, clickMs: stats(times) };
}

/** An open opportunity of the manager's rep persona, for deal coaching. */
function openDeal(stage: Stage): string {
  const repId = stage.org.personas.rep?.id;
  const deal = stage.org.store
    .table('Opportunity')
    .rows.find((o) => !o.IsDeleted && o.OwnerId === repId && o.IsClosed !== true);
  if (!deal) throw new Error('The seeded org has no open opportunity of the rep');
  return String(deal.Id);
}

/** The rep whose assessment has the most behaviour ratings (the largest assessment to rescore). */
function largestAssessment(stage: Stage): { repId: string; ratings: number } {
  const rows = stage.org.store.table('Behavior_Rating__c').rows.filter((r) => !r.IsDeleted);
  const perAssessment = new Map<string, number>();
  for (const r of rows) {
    const id = String(r.Assessment__c);
    perAssessment.set(id, (perAssessment.get(id) ?? 0) + 1);
  }
  const managerId = stage.org.personas.manager?.id;
  const candidates = stage.org.store
    .table('Assessment__c')
    .rows.filter((a) => !a.IsDeleted)
    .map((a) => ({ a, rep: stage.org.store.get('User', String(a.Rep__c ?? a.OwnerId)) }))
    .filter(({ rep }) => rep && rep.ManagerId === managerId)
    .map(({ a, rep }) => ({ repId: String(rep!.Id), ratings: perAssessment.get(String(a.Id)) ?? 0 }))
    .sort((x, y) => y.ratings - x.ratings);
  if (!candidates.length) throw new Error('The seeded org has no assessment of a rep of the manager');
  return candidates[0];
}

async function main(): Promise<void> {
  const started = Date.now();
  const file = await buildPreview();
  const buildSeconds = (Date.now() - started) / 1000;
  const js = readFileSync(file);
  const bundle = {
    bytes: js.length,
    gzipBytes: gzipSync(js).length,
    buildSeconds: Math.round(buildSeconds * 10) / 10
  };
  console.log(
    `Preview bundle: ${(bundle.bytes / 1024).toFixed(0)} KiB, ${(bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped (built in ${bundle.buildSeconds} s)`
  );

  // 50 reps, so the sales leader's Team page is a heatmap of 50 reps by every competency in use.
  const stage = await startStage({ reps: 50 });
  const browser = await launchBrowser();
  try {
    const largest = largestAssessment(stage);
    const cases: ScreenCase[] = [
      { component: 'c:modelOverview', route: '/lightning/page/home', persona: 'admin' },
      { component: 'c:repRating', route: `/lightning/r/User/${largest.repId}/view`, persona: 'manager' },
      { component: 'c:teamHeatmap', route: '/lightning/n/Sales_Competency_Team', persona: 'manager' },
      { component: 'c:teamHeatmap', route: '/lightning/n/Sales_Competency_Team', persona: 'leader' },
      { component: 'c:calibrationView', route: '/lightning/n/Calibration', persona: 'leader' },
      {
        component: 'c:dealCoaching',
        route: `/lightning/r/Opportunity/${openDeal(stage)}/view`,
        persona: 'manager'
      },
      { component: 'c:careerPath', route: '/lightning/n/My_Career', persona: 'rep' },
      { component: 'c:maturityAssessment', route: '/lightning/n/Sales_Maturity', persona: 'leader' },
      { component: 'c:strategyAssessment', route: '/lightning/n/Sales_Strategy', persona: 'leader' },
      { component: 'c:behaviorImpact', route: '/lightning/n/Behaviour_Impact', persona: 'leader' }
    ];
    const screens: FirstRender[] = [];
    for (const c of cases) {
      const result = await measureFirstRender(browser, stage, c);
      screens.push(result);
      console.log(
        `${c.component} on ${result.route} as ${result.persona}: first render ${result.firstRenderMs.median} ms after navigation start (median of ${REPEAT}; ${result.firstRenderMs.min}-${result.firstRenderMs.max}), ${result.afterDataMs.median} ms after its data arrived; data requests per load ${result.dataRequestsPerLoad.join(', ')} (${result.operations.join(', ')})`
      );
    }

    let heatmap: HeatmapResult | { error: string };
    try {
      heatmap = await measureHeatmap(browser, stage);
      console.log(
        `Team heatmap as the sales leader: ${heatmap.reps} reps by ${heatmap.competencies} competencies (${heatmap.cells} cells): every row in the table ${heatmap.rowsInDomMs.median} ms and painted ${heatmap.paintedMs.median} ms after its one answer arrived (medians of ${REPEAT}, painted ${heatmap.paintedMs.min}-${heatmap.paintedMs.max}; budget for 50 x 20: 100 ms)`
      );
    } catch (error) {
      heatmap = { error: error instanceof Error ? error.message : String(error) };
      console.log(`Heatmap not measured: ${heatmap.error}`);
    }

    // Rescoring after one rating change: the manager rates the largest assessment.
    const rating = await openAndTime(browser, stage, cases[1]);
    let rescoring: Awaited<ReturnType<typeof measureClick>> | { error: string };
    try {
      rescoring = await measureClick(rating.page, {
        component: 'c:repRating',
        control: 'lightning-radio-group[data-behavior]',
        option: 'label'
      });
      console.log(
        `Rescoring after one rating change (${rescoring.controls} behaviours): ${rescoring.clickMs.median} ms median (${rescoring.clickMs.min}-${rescoring.clickMs.max}, ${rescoring.clickMs.runs} changes); target under 16 ms`
      );
    } catch (error) {
      rescoring = { error: error instanceof Error ? error.message : String(error) };
      console.log(`Rescoring not measured: ${rescoring.error}`);
    } finally {
      await rating.close();
    }

    const results = {
      measuredAt: new Date().toISOString(),
      machine: `Chromium headless (Debian), ${cpus().length} cores shared with other work`,
      // Load average when the run ended: timings on a busy machine run long.
      loadAverage: loadavg().map((n) => Math.round(n * 100) / 100),
      repeat: REPEAT,
      bundle,
      screens,
      heatmap,
      rescoring: {
        component: 'c:repRating',
        ratingsInAssessment: largest.ratings,
        targetMs: 16,
        ...rescoring
      }
    };
    const out = join(ROOT, 'bench', 'results', 'screens.json');
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    console.log(`Wrote ${out}`);
  } finally {
    await browser.close();
    await stage.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
