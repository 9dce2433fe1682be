import { deploySteps, parseArgs, runSteps, type Step } from '../deploy';

describe('deploy', () => {
  beforeEach(() => {
    jest.spyOn(console, 'log').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('compiles the components before anything reaches the org', () => {
    const steps = deploySteps(parseArgs(['--target-org', 'prod']));
    expect(steps.map((s) => s.title)).toEqual([
      'Compile components',
      'Validate metadata offline',
      'Deploy the package source',
      'Assign permission sets',
      'Import the default content (upsert by Key__c)'
    ]);
    expect(steps[2].args).toEqual([
      'project',
      'deploy',
      'start',
      '--source-dir',
      'force-app',
      '--target-org',
      'prod',
      '--wait',
      '30'
    ]);
    expect(steps[3].args).toEqual([
      'org',
      'assign',
      'permset',
      '--name',
      'Sales_Competency_Admin',
      '--target-org',
      'prod'
    ]);
  });

  it('stops at a failed build, so stale JavaScript is never deployed', () => {
    const ran: string[] = [];
    const status = runSteps(deploySteps(parseArgs(['-o', 'prod'])), (step: Step) => {
      ran.push(step.title);
      return step.title === 'Compile components' ? 2 : 0;
    });
    expect(status).toBe(2);
    expect(ran).toEqual(['Compile components']);
    expect(console.error).toHaveBeenCalledWith(
      expect.stringContaining('"Compile components" failed (exit 2)')
    );
  });

  it('validates only with --check-only', () => {
    const steps = deploySteps(parseArgs(['--target-org', 'uat', '--check-only']));
    expect(steps.map((s) => s.args[2])).toContain('validate');
    expect(steps).toHaveLength(3);
  });

  it('asks for a target org and rejects unknown options', () => {
    expect(() => parseArgs([])).toThrow('--target-org <alias>');
    expect(() => parseArgs(['--target-org', 'x', '--force'])).toThrow('Unknown option --force');
  });
});
