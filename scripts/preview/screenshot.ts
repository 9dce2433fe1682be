/**
 * `npm run preview:screenshot -- --route /lightning/n/Team --persona manager --width 360 --out x.png`:
 * opens any route of the preview as any persona at a given width against a seeded local org and
 * saves a full-page PNG (the README's pictures come from here).
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildPreview, ROOT } from './build';
import { launchBrowser, windowOptions } from './browser';
import { startStage } from './stage';

/** What to capture. */
export interface ShotArgs {
  route: string;
  persona: string;
  width: number;
  height: number;
  out: string;
  /** A CSS selector to wait for before capturing. */
  waitFor?: string;
  build: boolean;
  /** Capture the whole page (default) or only the viewport. */
  fullPage: boolean;
}

/** Parses the screenshot command's arguments. */
export function parseShotArgs(argv: string[]): ShotArgs {
  const args: Partial<ShotArgs> = {
    route: '/lightning/page/home',
    persona: 'admin',
    width: 1280,
    height: 900,
    build: true
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
      return v;
    };
    const size = (): number => {
      const v = Number(value());
      if (!Number.isInteger(v) || v < 200 || v > 4000)
        throw new Error(`${flag} needs a whole number of pixels from 200 to 4000`);
      return v;
    };
    if (flag === '--route') args.route = value();
    else if (flag === '--persona') args.persona = value();
    else if (flag === '--width') args.width = size();
    else if (flag === '--height') args.height = size();
    else if (flag === '--out') args.out = value();
    else if (flag === '--wait-for') args.waitFor = value();
    else if (flag === '--no-build') args.build = false;
    else if (flag === '--viewport-only') args.fullPage = false;
    else
      throw new Error(
        `Unknown argument ${flag}. Usage: npm run preview:screenshot -- [--route /lightning/...] [--persona admin|manager|rep|calibrator|leader] [--width 1280] [--height 900] [--out file.png] [--wait-for selector] [--viewport-only] [--no-build]`
      );
  }
  if (!args.route!.startsWith('/lightning/'))
    throw new Error(`--route must be an app address starting with /lightning/, not ${args.route}`);
  const slug = args.route!.replace(/^\/lightning\//, '').replace(/[^A-Za-z0-9]+/g, '-');
  args.out ??= join(ROOT, 'docs', 'images', `${slug}-${args.persona}-${args.width}.png`);
  return args as ShotArgs;
}

async function main(): Promise<void> {
  const args = parseShotArgs(process.argv.slice(2));
  if (args.build) await buildPreview();
  const stage = await startStage();
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage({ ...windowOptions(args.width, args.height), deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const url = new URL(args.route, stage.preview.url);
    url.searchParams.set('persona', args.persona);
    await page.goto(url.toString(), { waitUntil: 'networkidle' });
    if (args.waitFor) await page.waitForSelector(args.waitFor, { timeout: 30000 });
    // Let spinners give way to data and fonts settle.
    await page.locator('lightning-spinner').first().waitFor({ state: 'detached', timeout: 30000 });
    await page.waitForTimeout(300);
    const out = resolve(args.out);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: args.fullPage });
    console.log(`Saved ${out} (${args.route} as ${args.persona}, ${args.width} px wide)`);
    if (errors.length) console.error(`Page errors:\n  ${errors.join('\n  ')}`);
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
