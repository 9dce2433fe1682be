/**
 * `npm run deploy -- --target-org <alias>`: puts the package in a real org the safe way round:
 * compile the components from their TypeScript first (so no stale JavaScript can ship), deploy the
 * source, assign the permission sets, then upsert the default content by external key.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** One step of a deployment: a command and why it runs. */
export interface Step {
  title: string;
  command: string;
  args: string[];
}

/** Options the deploy command accepts. */
export interface DeployOptions {
  targetOrg: string;
  /** Permission sets to assign to the deploying user. */
  permissionSets: string[];
  skipData: boolean;
  /** Validate only (`sf project deploy validate`), change nothing in the org. */
  checkOnly: boolean;
}

const ROOT = join(__dirname, '..');
const bin = (name: string) => join(ROOT, 'node_modules', '.bin', name);

/** The ordered steps for a deployment; the build always comes first. */
export function deploySteps(options: DeployOptions): Step[] {
  const org = ['--target-org', options.targetOrg];
  const steps: Step[] = [
    { title: 'Compile components', command: bin('tsx'), args: [join(ROOT, 'scripts/build/components.ts')] },
    {
      title: 'Validate metadata offline',
      command: bin('tsx'),
      args: [join(ROOT, 'scripts/validate/cli.ts')]
    },
    {
      title: options.checkOnly ? 'Validate the deployment in the org' : 'Deploy the package source',
      command: bin('sf'),
      args: [
        'project',
        'deploy',
        options.checkOnly ? 'validate' : 'start',
        '--source-dir',
        'force-app',
        ...org,
        '--wait',
        '30'
      ]
    }
  ];
  if (options.checkOnly) return steps;
  if (options.permissionSets.length) {
    steps.push({
      title: 'Assign permission sets',
      command: bin('sf'),
      args: ['org', 'assign', 'permset', ...options.permissionSets.flatMap((p) => ['--name', p]), ...org]
    });
  }
  if (!options.skipData) {
    steps.push({
      title: 'Import the default content (upsert by Key__c)',
      command: bin('tsx'),
      args: [join(ROOT, 'scripts/data/import.ts'), ...org]
    });
  }
  return steps;
}

/** Parses the command line; throws a message a user can act on. */
export function parseArgs(argv: string[]): DeployOptions {
  const options: DeployOptions = {
    targetOrg: '',
    permissionSets: ['Sales_Competency_Admin'],
    skipData: false,
    checkOnly: false
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--target-org' || arg === '-o') options.targetOrg = argv[++i] ?? '';
    else if (arg === '--permission-sets')
      options.permissionSets = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (arg === '--skip-data') options.skipData = true;
    else if (arg === '--check-only') options.checkOnly = true;
    else
      throw new Error(
        `Unknown option ${arg}. Usage: npm run deploy -- --target-org <alias> [--check-only] [--skip-data] [--permission-sets A,B]`
      );
  }
  if (!options.targetOrg) {
    throw new Error(
      'Say which org to deploy to: npm run deploy -- --target-org <alias> (see `sf org list`).'
    );
  }
  return options;
}

/** Runs the steps in order and stops at the first failure, returning its exit code. */
export function runSteps(
  steps: Step[],
  run: (step: Step) => number = (step) =>
    spawnSync(step.command, step.args, { stdio: 'inherit', cwd: ROOT }).status ?? 1
): number {
  for (const [i, step] of steps.entries()) {
    console.log(`\n[${i + 1}/${steps.length}] ${step.title}`);
    const status = run(step);
    if (status !== 0) {
      console.error(`Stopped: "${step.title}" failed (exit ${status}). Nothing after it ran.`);
      return status;
    }
  }
  return 0;
}

if (require.main === module) {
  try {
    process.exitCode = runSteps(deploySteps(parseArgs(process.argv.slice(2))));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
