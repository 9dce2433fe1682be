import { expectedPaths, syncPaths, tsBundles, LWC_DIR } from '../paths';
import { join } from 'node:path';

describe('c/<name> paths', () => {
  it('maps every TypeScript bundle to its entry file', () => {
    const paths = expectedPaths(join(LWC_DIR, 'tsconfig.json'));
    expect(tsBundles()).toEqual(expect.arrayContaining(['modelOverview', 'scoring']));
    expect(paths['c/scoring']).toEqual(['./scoring/scoring.ts']);
    expect(paths['c/modelOverview']).toEqual(['./modelOverview/modelOverview.ts']);
    expect(Object.keys(paths)).toHaveLength(tsBundles().length);
  });

  it('is in step in both committed TypeScript configs', async () => {
    expect(await syncPaths(false)).toEqual([]);
  });
});
