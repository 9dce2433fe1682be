/**
 * The lint configuration really applies the LWC platform rules to component TypeScript and
 * typescript-eslint to everything: each rule below must fire on a known violation.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const ESLINT = join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js');

/** Lints code as if it were the given file (ESLint runs in its own process: it loads ESM). */
function eslint(args: string[], input?: string): string {
  const run = spawnSync(process.execPath, [ESLINT, ...args], { cwd: ROOT, input, encoding: 'utf8' });
  if (run.status === 2) throw new Error(run.stderr);
  return run.stdout;
}

function rulesFired(code: string, file: string): Promise<string[]> {
  const [result] = JSON.parse(eslint(['--format', 'json', '--stdin', '--stdin-filename', file], code)) as {
    messages: { ruleId: string | null; message: string }[];
  }[];
  return Promise.resolve(result.messages.map((m) => m.ruleId ?? m.message));
}

const COMPONENT = 'force-app/main/default/lwc/modelOverview/modelOverview.ts';

describe('lint configuration', () => {
  it('applies the LWC rules to component TypeScript', async () => {
    const code = `import { LightningElement, api } from 'lwc';
export default class X extends LightningElement {
  @api onclick = 'x';
  connectedCallback(): void {
    this.template.querySelector('div')!.innerHTML = '<b>x</b>';
  }
}
`;
    const fired = await rulesFired(code, COMPONENT);
    expect(fired).toEqual(expect.arrayContaining(['@lwc/lwc/no-inner-html', '@lwc/lwc/valid-api']));
  }, 60000);

  it('applies typescript-eslint with type information to scripts', async () => {
    const code = `export async function f(): Promise<number> {
  return 1;
}
export function g(): void {
  f();
}
`;
    const fired = await rulesFired(code, 'scripts/deploy.ts');
    expect(fired).toContain('@typescript-eslint/no-floating-promises');
  }, 60000);

  it('keeps the local org out of the package and the tools: only tests, the demo and benchmarks import it', async () => {
    const importing = (path: string): string => `import { startLocalOrg } from '${path}';
export const start = startLocalOrg;
`;
    expect(await rulesFired(importing('../localOrg/index'), 'scripts/sync/cli.ts')).toContain(
      'no-restricted-imports'
    );
    expect(await rulesFired(importing('../localOrg/graphql/schema'), 'scripts/validate/cli.ts')).toContain(
      'no-restricted-imports'
    );
    expect(await rulesFired(importing('./localOrg/index'), 'scripts/demo.ts')).not.toContain(
      'no-restricted-imports'
    );
  }, 60000);

  it('does not lint compiled component JavaScript', () => {
    const file = 'force-app/main/default/lwc/modelOverview/modelOverview.js';
    const [result] = JSON.parse(
      eslint(['--format', 'json', '--stdin', '--stdin-filename', file], 'var x = 1')
    ) as {
      messages: { message: string }[];
    }[];
    expect(result.messages.map((m) => m.message).join(' ')).toMatch(/ignored/i);
  });
});
