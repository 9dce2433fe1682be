/**
 * `npm run org:start`: runs the local org on a loopback port and prints how to point the sync and
 * the Salesforce CLI at it. Options are described by --help.
 */
import * as path from 'node:path';
import type { FaultRule } from './faults';
import { startLocalOrg, type Persona, type LocalOrgOptions, type SeedOptions } from './index';

const HELP = `Usage: npm run org:start -- [options]

Starts the embedded local org (a stand-in for Salesforce, for tests and the demo).

  --port N                 loopback port (default 6660; 0 picks a free one)
  --token TEXT             access token to accept (default: a random one, or SF_ACCESS_TOKEN)
  --data-file PATH         keep the data in this file across restarts (loaded when it exists)
  --reps N                 sample sales team size (default 24; 0 for no sample team)
  --opportunities N        sample opportunities (default 60 per account executive or manager)
  --seed N                 random seed of the sample team (default 42)
  --no-content             do not import the default content from data/ (implies --no-assessments)
  --no-assessments         no sample manager assessments and behaviour ratings
  --fiscal-start-month N   Organization.FiscalYearStartMonth, 1-12 (default 1)
  --api-limit N            daily API allocation (default 100000)
  --no-validation-rules    do not evaluate the package's validation rules on writes
  --as USERNAME            also print an access token acting as this user (repeatable;
                           the personas are listed at start)
  --log                    print one line per request
Faults for testing: LOCAL_ORG_FAULTS='[{"kind":"requestLimit","times":2}]', or an
X-Local-Org-Fault request header (expired-session, request-limit, unavailable, slow=MS), or
POST/DELETE /__localorg/faults (with the access token) on the running org.`;

/** Parses command-line flags into options; throws with a clear message on bad input. */
export function parseArgs(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env
): LocalOrgOptions & { help?: boolean; as?: string[] } {
  const opts: LocalOrgOptions & { help?: boolean; as?: string[] } = {
    port: 6660,
    plans: true,
    seed: { reps: 24, assessments: true },
    validationRules: true
  };
  const num = (flag: string, v: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER): number => {
    const n = Number(v);
    if (v === undefined || !Number.isInteger(n) || n < min || n > max)
      throw new Error(`${flag} needs a whole number from ${min} to ${max}, got ${v ?? 'nothing'}`);
    return n;
  };
  const seed = opts.seed as SeedOptions;
  let reps = 24;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    switch (a) {
      case '--help':
      case '-h':
        opts.help = true;
        break;
      case '--port':
        opts.port = num(a, next(), 0, 65535);
        break;
      case '--token': {
        const t = next();
        if (!t) throw new Error('--token needs a value');
        opts.accessToken = t;
        break;
      }
      case '--data-file': {
        const f = next();
        if (!f) throw new Error('--data-file needs a path');
        opts.dataFile = path.resolve(f);
        break;
      }
      case '--reps':
        reps = num(a, next(), 0);
        break;
      case '--opportunities':
        seed.opportunities = num(a, next(), 0);
        break;
      case '--seed':
        seed.seed = num(a, next(), 0);
        break;
      case '--no-content':
        opts.plans = false;
        break;
      case '--no-assessments':
        seed.assessments = false;
        break;
      case '--fiscal-start-month':
        opts.organization = { ...(opts.organization ?? {}), fiscalYearStartMonth: num(a, next(), 1, 12) };
        break;
      case '--api-limit':
        opts.apiLimit = num(a, next(), 1);
        break;
      case '--no-validation-rules':
        opts.validationRules = false;
        break;
      case '--as': {
        const u = next();
        if (!u) throw new Error('--as needs a username');
        opts.as = [...(opts.as ?? []), u];
        break;
      }
      case '--log':
        opts.log = (line) => console.log(line);
        break;
      default:
        throw new Error(`Unknown option ${a} (see --help)`);
    }
  }
  seed.reps = reps;
  // assessments rate the behaviours of the default content
  if (!opts.plans) seed.assessments = false;
  if (reps === 0) opts.seed = false;
  if (!opts.accessToken && env.SF_ACCESS_TOKEN) opts.accessToken = env.SF_ACCESS_TOKEN;
  if (env.LOCAL_ORG_FAULTS) {
    try {
      opts.faults = JSON.parse(env.LOCAL_ORG_FAULTS) as FaultRule[];
    } catch (e) {
      throw new Error(`LOCAL_ORG_FAULTS is not valid JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(opts.faults)) throw new Error('LOCAL_ORG_FAULTS must be a JSON array of fault rules');
  }
  return opts;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    console.log(HELP);
    return;
  }
  const started = Date.now();
  const org = await startLocalOrg(opts);
  const s = org.seeded;
  console.log(`Local org running at ${org.url} (ready in ${Date.now() - started} ms)`);
  if (s)
    console.log(
      `Sample team: ${s.managers} managers, ${s.reps} reps, ${s.opportunities} opportunities, ${s.leads} leads, periods ${s.periods[0]}..${s.periods[s.periods.length - 1]}` +
        (s.assessmentPeriod ? `; ${s.assessments} manager assessments of ${s.assessmentPeriod}` : '')
    );
  if (opts.dataFile) console.log(`Data file: ${opts.dataFile}`);
  console.log('\nPoint the sync (or any jsforce client) at it:');
  console.log(`  export SF_INSTANCE_URL=${org.url}`);
  console.log(`  export SF_ACCESS_TOKEN='${org.accessToken}'`);
  console.log('Or the Salesforce CLI:');
  console.log(`  sf org login access-token --instance-url ${org.url} --alias local-org --no-prompt`);
  console.log('  (reads SF_ACCESS_TOKEN from the environment)');
  const personas = Object.entries(org.personas).filter((e): e is [string, Persona] => e[1] !== undefined);
  console.log('\nEach token acts as one user, with their permission sets and record access. Personas:');
  for (const [role, p] of personas) console.log(`  ${role.padEnd(11)} ${p.username.padEnd(38)} ${p.name}`);
  console.log('A session as another user: npm run org:start -- --as <username>, or, with the token above,');
  console.log(
    `  curl -X POST ${org.url}/__localorg/sessions -H "Authorization: Bearer $SF_ACCESS_TOKEN" -d '{"username":"..."}'`
  );
  for (const username of opts.as ?? []) {
    const token = org.sessionFor(username);
    console.log(`\nActing as ${username}:`);
    console.log(`  export SF_ACCESS_TOKEN='${token}'`);
  }
  console.log('\nThese access tokens only open this local process. Ctrl+C stops it.');
  const stop = (): void => {
    void org.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`org:start failed: ${(err as Error).message}`);
    process.exit(1);
  });
}
