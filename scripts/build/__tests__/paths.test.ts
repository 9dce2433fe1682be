import { expectedPaths, tsBundles, LWC_DIR } from '../paths';
import { join } from 'node:path';

describe('c/<name> paths', () => {
  it('maps every TypeScript bundle to its entry file', () => {
    const paths = expectedPaths(join(LWC_DIR, 'tsconfig.json'));
    expect(Object.keys(paths)).toEqual(tsBundles().map((n) => `c/${n}`));
    for (const name of tsBundles()) expect(paths[`c/${name}`]).toEqual([`./${name}/${name}.ts`]);
  });
});
