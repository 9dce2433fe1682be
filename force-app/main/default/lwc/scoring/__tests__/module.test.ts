import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as viaNamespace from 'c/scoring';
import * as direct from '../scoring';

const BUNDLE = join(__dirname, '..');

describe('the scoring bundle as a service component', () => {
  it('resolves as c/scoring (the screens import path) to the same module', () => {
    expect(viaNamespace.eligibleScore).toBe(direct.eligibleScore);
    expect(Object.keys(viaNamespace).sort()).toEqual(Object.keys(direct).sort());
    expect('default' in viaNamespace).toBe(false);
  });

  it('imports nothing but its own sibling files, so Node can load it as is', () => {
    const sources = readdirSync(BUNDLE).filter((name) => name.endsWith('.ts'));
    expect(sources).toContain('scoring.ts');
    const foreign = sources.flatMap((name) => {
      const text = readFileSync(join(BUNDLE, name), 'utf8');
      const specifiers = [...text.matchAll(/(?:from|import)\s+'([^']+)'/g)].map((m) => m[1]);
      return specifiers.filter((spec) => !/^\.\/[a-z]+$/.test(spec)).map((spec) => `${name}: ${spec}`);
    });
    expect(foreign).toEqual([]);
  });
});
