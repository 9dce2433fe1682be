/**
 * `npm run validate [-- --root <dir>]`: offline metadata validation. Prints one line per problem
 * (file, element, message) and exits 1 when anything is wrong.
 */
import { resolve } from 'node:path';
import { validateProject } from './index';
import { formatIssue } from './issues';

function main(): number {
  const at = process.argv.indexOf('--root');
  const root = resolve(at >= 0 ? process.argv[at + 1] : process.cwd());
  const results = validateProject(root);
  let total = 0;
  for (const { check, issues } of results) {
    total += issues.length;
    console.log(
      `${issues.length ? '✗' : '✓'} ${check}${issues.length ? `: ${issues.length} problem(s)` : ''}`
    );
    for (const issue of issues) console.log(`  ${formatIssue(issue)}`);
  }
  if (total) {
    console.error(`\nValidation failed: ${total} problem(s).`);
    return 1;
  }
  console.log('\nValidation passed.');
  return 0;
}

if (require.main === module) process.exitCode = main();
