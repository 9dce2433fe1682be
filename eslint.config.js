/**
 * ESLint flat config: the Salesforce LWC recommended rules on the component TypeScript sources,
 * typescript-eslint (type-aware) everywhere, Jest rules on tests. Compiled `.js` is never linted.
 */
const lwcConfig = require('@salesforce/eslint-config-lwc');
const tseslint = require('typescript-eslint');
const globals = require('globals');
// The same plugin instance the LWC config registers (ESLint refuses two instances of one plugin).
const pluginImport = lwcConfig.configs.recommended.find((c) => c.plugins?.import).plugins.import;

const LWC = 'force-app/main/default/lwc/**/*.ts';

module.exports = tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'coverage/**',
      'force-app/main/default/lwc/**/*.js',
      'bench/results/**',
      '.local-org/**',
      '.preview/**',
      '**/*.d.ts'
    ]
  },
  // LWC platform rules (lwc/*, @salesforce/lightning/*, import, jest) on component sources.
  ...lwcConfig.configs.recommended.map((c) => ({
    ...c,
    files: [LWC],
    languageOptions: { ...(c.languageOptions ?? {}), parser: undefined, parserOptions: undefined }
  })),
  // typescript-eslint for every TypeScript file, with type information.
  ...tseslint.configs.recommendedTypeChecked.map((c) => ({ ...c, files: ['**/*.ts'] })),
  {
    files: ['**/*.ts'],
    plugins: { import: pluginImport },
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: __dirname },
      globals: { ...globals.node, ...globals.browser }
    },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.js'] } }
    },
    rules: {
      'import/no-unresolved': ['error', { ignore: ['^lightning/', '^c/', '^@salesforce/'] }],
      'import/named': 'off',
      'import/namespace': 'off',
      'import/default': 'off',
      'import/no-named-as-default-member': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Use templates; never innerHTML.' },
        { property: 'outerHTML', message: 'Use templates; never outerHTML.' }
      ]
    }
  },
  {
    files: ['**/__tests__/**/*.ts', 'test/**/*.ts', 'jest-mocks/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/unbound-method': 'off'
    }
  },
  // Imports flow one way: only tests, the demo (and the preview stage it shares with the browser
  // tests) and the benchmarks may use the local org; the package and every tool run without it.
  {
    files: ['force-app/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['scripts/localOrg/**', 'scripts/demo.ts', 'scripts/preview/stage.ts', '**/__tests__/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)localOrg(/|$)',
              message: 'Only tests, the demo and the benchmarks use the local org.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['*.js', 'scripts/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } }
  }
);
