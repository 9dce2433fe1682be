/**
 * What every browser test uses: the one Chromium, preview and local org of the run (started by
 * globalSetup.ts), a screen opened as a persona at a width with its data requests counted and its
 * page errors collected, an axe-core scan that fails on any violation, and admin reads of the org.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { connectBrowser, windowOptions } from '../../scripts/preview/browser';
import { ENV } from './env';

/** A persona of the harness org. */
export interface Persona {
  id: string;
  username: string;
  name: string;
}

function env(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(
      `${name} is not set: browser tests run in the jest "browser" project, whose globalSetup starts the harness`
    );
  return value;
}

/** The preview's base URL (ends with /). */
export function previewUrl(): string {
  return env(ENV.url);
}

let browser: Promise<Browser> | undefined;

/** The run's one Chromium (connected once per test file). */
export function sharedBrowser(): Promise<Browser> {
  browser ??= connectBrowser(env(ENV.ws));
  return browser;
}

/** Disconnects this test file from the shared Chromium (the browser keeps running). */
export async function disconnect(): Promise<void> {
  if (browser) await (await browser).close();
  browser = undefined;
}

/** Reads the org as the administrator (REST path under the instance, or a control route). */
export async function adminGet<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, env(ENV.orgUrl)), {
    headers: { Authorization: `Bearer ${env(ENV.orgToken)}` }
  });
  if (!response.ok) throw new Error(`GET ${path}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The org's personas (admin, manager, rep, calibrator, leader, sync). */
export function personas(): Promise<Record<string, Persona>> {
  return adminGet<Record<string, Persona>>('/__localorg/personas');
}

/** One opened screen: its page, the GraphQL data requests it made, and its page errors. */
export interface Screen {
  page: Page;
  context: BrowserContext;
  /** Bodies of the GraphQL requests (`/services/data/vXX.X/graphql`) since the screen opened. */
  dataRequests: { query: string; variables: unknown }[];
  /** Parsed bodies of the GraphQL answers, in the order they arrived (recorded from before the page loads). */
  dataAnswers: { query: string; body: Promise<unknown> }[];
  errors: string[];
  /** Resolves once no data request has been in flight for half a second. */
  dataSettled: () => Promise<void>;
  close: () => Promise<void>;
}

/** Opens a route (`/lightning/...`) as a persona in a fresh browser context (its own cookies). */
export async function openScreen(
  route: string,
  options: { persona?: string; width?: number; height?: number } = {}
): Promise<Screen> {
  const context = await (
    await sharedBrowser()
  ).newContext(windowOptions(options.width ?? 1280, options.height ?? 900));
  const page = await context.newPage();
  let inFlight = 0;
  let lastChange = Date.now();
  const screen: Screen = {
    page,
    context,
    dataRequests: [],
    dataAnswers: [],
    errors: [],
    dataSettled: async () => {
      const deadline = Date.now() + 30000;
      while (inFlight > 0 || Date.now() - lastChange < 500) {
        if (Date.now() > deadline) throw new Error(`${inFlight} data requests still in flight after 30 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: () => context.close()
  };
  const isData = (url: string): boolean => new URL(url).pathname.startsWith('/services/');
  page.on('request', (r) => {
    if (!isData(r.url())) return;
    inFlight++;
    lastChange = Date.now();
  });
  const done = (r: { url: () => string }): void => {
    if (!isData(r.url())) return;
    inFlight--;
    lastChange = Date.now();
  };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  page.on('pageerror', (e) => screen.errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') screen.errors.push(m.text());
  });
  const isGraphQL = (url: string): boolean =>
    /^\/services\/data\/v[\d.]+\/graphql$/.test(new URL(url).pathname);
  page.on('request', (r) => {
    if (isGraphQL(r.url())) {
      const body = r.postDataJSON() as { query: string; variables: unknown };
      screen.dataRequests.push({ query: body.query, variables: body.variables });
    }
  });
  page.on('response', (r) => {
    if (isGraphQL(r.url())) {
      const { query } = r.request().postDataJSON() as { query: string };
      const body = r.json() as Promise<unknown>;
      body.catch(() => undefined); // an answer no test reads (page closed first) is no unhandled rejection
      screen.dataAnswers.push({ query, body });
    }
  });
  const url = new URL(route, previewUrl());
  url.searchParams.set('persona', options.persona ?? 'admin');
  await page.goto(url.toString());
  return screen;
}

/** The GraphQL operation name of a request (`query modelOverview { ... }` -> modelOverview). */
export function operationName(query: string): string {
  return /^\s*(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? '(anonymous)';
}

/** Waits until no data request is in flight, then lists the operations the screen load ran. */
export async function dataOperations(screen: Screen): Promise<string[]> {
  await screen.dataSettled();
  return screen.dataRequests.map((r) => operationName(r.query));
}

/**
 * Asserts the screen load made exactly one data request; when an operation is named, that the
 * component making it asked exactly once (a page with two components makes one request each).
 */
export async function expectOneDataRequest(screen: Screen, operation?: string): Promise<void> {
  const operations = await dataOperations(screen);
  if (operation)
    expect([operation, operations.filter((o) => o === operation).length]).toEqual([operation, 1]);
  else expect(operations).toHaveLength(1);
}

/**
 * Scans the page (or every element matching `include`, e.g. a component's tag) with axe-core and
 * fails listing every violation. Screens render inside the shell's shadow trees, so `include` is
 * turned into axe's shadow DOM path (the chain of hosts down to the element).
 */
export async function expectAxeClean(page: Page, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page });
  if (include) {
    const target = page.locator(include).first();
    await target.waitFor({ state: 'attached' });
    const hosts = await target.evaluate((element) => {
      const chain: string[] = [];
      let node: Node = element;
      for (let root = node.getRootNode(); root instanceof ShadowRoot; root = node.getRootNode()) {
        chain.unshift(root.host.localName);
        node = root.host;
      }
      return chain;
    });
    const [first, ...rest] = hosts;
    const path: [string, string, ...string[]] | undefined =
      first === undefined ? undefined : ([first, ...rest.concat(include)] as [string, string, ...string[]]);
    builder = builder.include(path ? { fromShadowDom: path } : include);
  }
  const { violations } = await builder.analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`
  );
  expect(found).toEqual([]);
}

/** One control smaller than a thumb can reliably hit. */
export interface SmallTarget {
  what: string;
  width: number;
  height: number;
}

/**
 * The visible controls inside a component (found through every shadow root below its host) whose
 * hit area is under `min` px in either direction: buttons, links, form fields, and the labels that
 * stand for radio buttons and checkboxes (their inputs are hidden behind them in SLDS).
 */
export async function smallTargets(page: Page, hostSelector: string, min = 44): Promise<SmallTarget[]> {
  await page.locator(hostSelector).first().waitFor({ state: 'attached' });
  return page.evaluate(
    ({ selector, min: limit }) => {
      const deep = (root: ParentNode, out: Element[] = []): Element[] => {
        for (const el of Array.from(root.querySelectorAll('*'))) {
          out.push(el);
          if (el.shadowRoot) deep(el.shadowRoot, out);
        }
        return out;
      };
      const findHost = (root: ParentNode): Element | undefined => {
        const hit = root.querySelector(selector);
        if (hit) return hit;
        for (const el of Array.from(root.querySelectorAll('*'))) {
          const inner = el.shadowRoot && findHost(el.shadowRoot);
          if (inner) return inner;
        }
        return undefined;
      };
      const host = findHost(document);
      if (!host) throw new Error(`${selector} is not on the page`);
      const targets = deep(host.shadowRoot ?? host).filter((el) => {
        if (el instanceof HTMLInputElement && (el.type === 'radio' || el.type === 'checkbox')) return false;
        if (el instanceof HTMLLabelElement) {
          const input = el.control ?? el.querySelector('input');
          return input instanceof HTMLInputElement && (input.type === 'radio' || input.type === 'checkbox');
        }
        return el.matches('button, a[href], input, select, textarea, [role="button"], [role="combobox"]');
      });
      const out: { what: string; width: number; height: number }[] = [];
      for (const el of targets) {
        const box = el.getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue; // not shown
        if (getComputedStyle(el).visibility === 'hidden') continue;
        if (box.width >= limit && box.height >= limit) continue;
        const text = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().replace(/\s+/g, ' ');
        out.push({
          what: `${el.localName}${el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''} "${text.slice(0, 40)}"`,
          width: Math.round(box.width),
          height: Math.round(box.height)
        });
      }
      return out;
    },
    { selector: hostSelector, min }
  );
}
