/**
 * `npm run demo`: starts the embedded local org with the package's default content and a seeded
 * sales team, runs the metrics sync against it over HTTP exactly as against a real org, prints the
 * summary, then serves the app as a small Lightning Experience (the preview, with a persona picker)
 * and says which persona to pick for what, and keeps the org running, printing its URL and token for
 * `npm run sync` (SF_INSTANCE_URL / SF_ACCESS_TOKEN). `--no-serve` exits after the sync.
 */
import { startLocalOrg, type LocalOrg, type Store } from './localOrg/index';
import { main as syncMain, type CliIo } from './sync/cli';
import { join } from 'node:path';
import { buildPreview, ROOT } from './preview/build';
import { startPreview } from './preview/server';
import { personaGuide } from './preview/guide';
import { readSite } from './preview/site';

/** Demo options. */
export interface DemoArgs {
  serve: boolean;
  reps: number;
  quarters: number;
  port: number;
}

/** Parses the demo's arguments. */
export function parseDemoArgs(argv: string[]): DemoArgs {
  const args: DemoArgs = { serve: true, reps: 300, quarters: 4, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const count = (min: number, max: number): number => {
      const v = Number(argv[++i]);
      if (!Number.isInteger(v) || v < min || v > max)
        throw new Error(`${a} needs a whole number from ${min} to ${max}`);
      return v;
    };
    if (a === '--no-serve') args.serve = false;
    else if (a === '--reps') args.reps = count(1, 20_000);
    else if (a === '--quarters') args.quarters = count(1, 12);
    else if (a === '--port') args.port = count(0, 65_535);
    else
      throw new Error(
        `Unknown argument ${a}. Usage: npm run demo -- [--no-serve] [--reps N] [--quarters N] [--port N]`
      );
  }
  return args;
}

/** Starts the org, syncs it, and returns the org (still running) and the sync's exit code. */
export async function runDemo(args: DemoArgs, io: CliIo): Promise<{ org: LocalOrg; code: number }> {
  const org = await startLocalOrg({
    port: args.port,
    plans: true,
    // every rep gets a manager assessment of the quarter the sync covers by default
    seed: { reps: args.reps, quarters: args.quarters, assessments: true },
    // writes are judged by the package's validation rules, as in a real org
    validationRules: true
  });
  const seeded = org.seeded;
  io.out(
    `Local org at ${org.url}: ${seeded?.reps ?? 0} reps, ${seeded?.managers ?? 0} managers, ${seeded?.opportunities ?? 0} opportunities, ${seeded?.leads ?? 0} leads, periods ${seeded?.periods.join(', ') ?? ''}; ` +
      `${seeded?.assessments ?? 0} manager assessments of ${seeded?.assessmentPeriod ?? 'no period'} with ${seeded?.ratings ?? 0} behaviour ratings`
  );
  // The sync talks to the org over HTTP, like to any org.
  const code = await syncMain([], { SF_INSTANCE_URL: org.url, SF_ACCESS_TOKEN: org.accessToken }, io);
  for (const line of impactHighlights(org.store)) io.out(line);
  return { org, code };
}

/**
 * The behaviours most and least tied to win rate per role (lead conversion for SDRs, who close no
 * deals), from the impact results the sync wrote.
 */
export function impactHighlights(store: Store, perRole = 3): string[] {
  const behaviorName = new Map(
    store.table('Job_Behavior__c').rows.map((b) => [b.Id as string, String(b.Name ?? b.Key__c)])
  );
  const byRole = new Map<string, { name: string; rho: number; n: number }[]>();
  let computed = 0;
  let notEnough = 0;
  for (const r of store.table('Behavior_Impact__c').rows) {
    if (r.IsDeleted) continue;
    if (r.Status__c !== 'Computed') {
      notEnough++;
      continue;
    }
    computed++;
    if (r.Metric__c !== (r.Sales_Role__c === 'SDR' ? 'Lead Conversion' : 'Win Rate')) continue;
    const list = byRole.get(String(r.Sales_Role__c)) ?? [];
    list.push({
      name: behaviorName.get(r.Job_Behavior__c as string) ?? String(r.Key__c),
      rho: Number(r.Rho__c),
      n: Number(r.N__c)
    });
    byRole.set(String(r.Sales_Role__c), list);
  }
  if (!computed) return ['Behaviour impact: no results with enough reps (at least 10 rated reps per role).'];
  const show = (x: { name: string; rho: number; n: number }): string =>
    `${x.name} (rho ${(Math.abs(x.rho) < 0.005 ? 0 : x.rho).toFixed(2)}, n ${x.n})`;
  const lines = [
    `Behaviour impact: ${computed} results computed, ${notEnough} with not enough data. Against win rate (SDRs: lead conversion):`
  ];
  for (const [role, list] of [...byRole.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const ranked = [...list].sort((a, b) => b.rho - a.rho);
    const weakest = [...list].sort((a, b) => Math.abs(a.rho) - Math.abs(b.rho));
    lines.push(`  ${role}: strongest ${ranked.slice(0, perRole).map(show).join('; ')}`);
    lines.push(`  ${role}: weakest ${weakest.slice(0, perRole).map(show).join('; ')}`);
  }
  return lines;
}

if (require.main === module) {
  (async () => {
    const args = parseDemoArgs(process.argv.slice(2));
    const io: CliIo = {
      out: (t) => void process.stdout.write(`${t}\n`),
      err: (t) => void process.stderr.write(`${t}\n`),
      isTTY: process.stdout.isTTY === true
    };
    const { org, code } = await runDemo(args, io);
    if (!args.serve) {
      await org.close();
      process.exitCode = code;
      return;
    }
    // The screens: the app as a small Lightning Experience, reading the org through a proxy that
    // adds the chosen persona's token server-side.
    io.out('\nBuilding the screens for the browser (about 20 s)...');
    await buildPreview();
    const preview = await startPreview({ orgUrl: org.url, accessToken: org.accessToken });
    const { personas } = org;
    const calibratorRep = org.store
      .table('User')
      .rows.find((u) => personas.calibrator && u.ManagerId === personas.calibrator.id)?.Id as
      string | undefined;
    const deal = org.store
      .table('Opportunity')
      .rows.find((o) => personas.rep && o.OwnerId === personas.rep.id && o.IsClosed !== true)?.Id as
      string | undefined;
    const site = readSite(join(ROOT, 'force-app', 'main', 'default'));
    io.out(`\n${personaGuide(preview.url, personas, site, calibratorRep, deal).join('\n')}`);
    // The demo's own throwaway org: printing its token is the point (the CLI and curl need it).
    io.out(
      `\n` +
        `\nThe local org keeps running (Ctrl+C to stop).\n  SF_INSTANCE_URL=${org.url}\n  SF_ACCESS_TOKEN=${org.accessToken}\n` +
        `Sync it again with: SF_INSTANCE_URL=${org.url} SF_ACCESS_TOKEN=<token above> npm run sync -- --period <key>`
    );
    const stop = (): void => {
      preview.server.close();
      void org.close().then(() => process.exit(0));
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  })().catch((e: Error) => {
    process.stderr.write(`demo failed: ${e.message}\n`);
    process.exit(1);
  });
}
