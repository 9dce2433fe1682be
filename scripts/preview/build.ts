/**
 * Builds the preview for a real browser: the Lightning Experience shell and the package's
 * components from the same TypeScript sources, compiled by the LWC compiler with the real base
 * components (lightning-base-components) and SLDS, and small stand-ins for the platform modules npm
 * does not ship (`lightning/graphql` talks to the local org through the preview server).
 */
import { rollup, type Plugin } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import ts from 'typescript';
import { basename, join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { LWC_DIR, tsBundles } from '../build/paths';
import { generateModules } from './generate';

export const ROOT = join(__dirname, '..', '..');
/** Where the bundle goes; PREVIEW_OUT_DIR lets two test runs in one checkout build side by side. */
export const OUT_DIR = process.env.PREVIEW_OUT_DIR
  ? resolve(process.env.PREVIEW_OUT_DIR)
  : join(ROOT, '.preview');
/** Generated modules stay inside the project, where the LWC compiler finds its configuration. */
const GENERATED_DIR = join(ROOT, '.preview', `generated-${basename(OUT_DIR)}`);

/** Strips TypeScript types as each file loads, leaving decorators for the LWC compiler. */
function stripTypes(): Plugin {
  return {
    name: 'strip-types',
    load(id) {
      const file = id.split('?')[0]; // aliased modules carry ?specifier=c/name
      if (!file.endsWith('.ts')) return null;
      const code = readFileSync(file, 'utf8');
      const out = ts.transpileModule(code, {
        fileName: file,
        compilerOptions: {
          target: ts.ScriptTarget.ESNext,
          module: ts.ModuleKind.ESNext,
          experimentalDecorators: false,
          useDefineForClassFields: true,
          verbatimModuleSyntax: false,
          sourceMap: false
        }
      });
      return { code: out.outputText, map: null };
    }
  };
}

/**
 * `@salesforce/schema/Object.Field` imports as the platform gives them:
 * `{ objectApiName, fieldApiName }` (the validator checks the names against the metadata).
 */
function schemaImports(): Plugin {
  const PREFIX = '@salesforce/schema/';
  return {
    name: 'salesforce-schema',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const [objectApiName, ...path] = id.slice(PREFIX.length + 1).split('.');
      const value = path.length ? { objectApiName, fieldApiName: path.join('.') } : { objectApiName };
      return `export default ${JSON.stringify(value)};`;
    }
  };
}

const MODULES = join(__dirname, 'modules');
const CONTEXT = join(MODULES, 'preview', 'context', 'context.ts');

/**
 * `@salesforce/customPermission/Name` imports: true when the persona's assigned permission sets
 * grant it, else undefined, as on the platform (the server puts the grants in the page context).
 */
function customPermissionImports(): Plugin {
  const PREFIX = '@salesforce/customPermission/';
  return {
    name: 'salesforce-custom-permission',
    resolveId(id) {
      return id.startsWith(PREFIX) ? `\0${id}` : null;
    },
    load(id) {
      if (!id.startsWith(`\0${PREFIX}`)) return null;
      const name = id.slice(PREFIX.length + 1);
      return [
        `import { previewContext } from ${JSON.stringify(CONTEXT)};`,
        `export default previewContext().customPermissions.includes(${JSON.stringify(name)}) ? true : undefined;`
      ].join('\n');
    }
  };
}

/** Builds `.preview/app.js` from the preview entry; returns the output file. */
export async function buildPreview(): Promise<string> {
  const generated = generateModules(join(ROOT, 'force-app', 'main', 'default'), GENERATED_DIR);
  const bundle = await rollup({
    input: join(__dirname, 'app.ts'),
    plugins: [
      schemaImports(),
      customPermissionImports(),
      stripTypes(),
      replace({
        preventAssignment: true,
        values: { 'process.env.NODE_ENV': JSON.stringify('production'), 'import.meta.env.SSR': 'false' }
      }),
      lwc({
        enableDynamicComponents: true,
        // lightning-combobox attaches ElementInternals, which synthetic shadow only allows with this.
        enableSyntheticElementInternals: true,
        modules: [
          { name: 'preview/site', path: generated.site },
          { name: 'preview/registry', path: generated.registry },
          { name: '@salesforce/user/Id', path: join(MODULES, 'salesforce', 'userId', 'userId.ts') },
          {
            name: '@salesforce/client/formFactor',
            path: join(MODULES, 'salesforce', 'formFactor', 'formFactor.ts')
          },
          { dir: MODULES },
          // The package's bundles have no namespace folder, so each is mapped as c/<name>.
          ...tsBundles().map((name) => ({ name: `c/${name}`, path: join(LWC_DIR, name, `${name}.ts`) })),
          { npm: 'lightning-base-components' }
        ]
      })
    ],
    onwarn(warning, warn) {
      if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
      // An import nothing provides would become an undefined global in the page: fail the build.
      if (warning.code === 'UNRESOLVED_IMPORT')
        throw new Error(`The preview cannot provide ${warning.message}`);
      // Known template warnings inside the base components themselves, not in our code.
      if (warning.id?.includes('lightning-base-components')) return;
      warn(warning);
    }
  });
  const file = join(OUT_DIR, 'app.js');
  await bundle.write({ file, format: 'iife', inlineDynamicImports: true });
  await bundle.close();
  return file;
}

if (require.main === module) {
  const started = Date.now();
  buildPreview().then(
    (file) => console.log(`Built ${file} in ${((Date.now() - started) / 1000).toFixed(1)} s`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exitCode = 1;
    }
  );
}
