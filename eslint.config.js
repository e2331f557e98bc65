// ESLint flat config (style.md §3): type-checked TypeScript, import zones (§1 import matrix),
// kebab-case names, hooks and query rules for the SPA, Playwright rules for e2e/ only.
import { readdirSync } from 'node:fs';

import js from '@eslint/js';
import pluginQuery from '@tanstack/eslint-plugin-query';
import checkFile from 'eslint-plugin-check-file';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import playwright from 'eslint-plugin-playwright';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;

/** Topic strings live in src/protocol only (style.md habit 1). `\x2F` is `/`: esquery regexes cannot hold one. */
const TOPIC_LITERAL = String.raw`/^(v[12]\x2F|\x2Fprovision)/`;
const topicMessage =
  'Topic strings are defined once in src/protocol/topics.ts; import the constant or builder.';

/**
 * Each feature folder is an island: it may not import another feature (style.md habit 7). Features
 * are grouped by the role they serve: `src/features/{device,operator,both}/<feature>`.
 */
function featureNames() {
  try {
    const features = new URL('./src/features/', import.meta.url);
    return readdirSync(features, { withFileTypes: true })
      .filter((role) => role.isDirectory())
      .flatMap((role) =>
        readdirSync(new URL(`${role.name}/`, features), { withFileTypes: true })
          .filter((entry) => entry.isDirectory())
          .map((entry) => `${role.name}/${entry.name}`),
      );
  } catch {
    return [];
  }
}

/**
 * The import matrix of style.md §1 as `import-x/no-restricted-paths` zones.
 * `src/testing` (providers and fakes for tests) is importable only from test files.
 */
function importZones({ tests }) {
  const testing = tests ? ['./testing'] : [];
  return [
    {
      target: './src/protocol',
      from: './src',
      except: ['./protocol'],
      message: 'src/protocol is pure: it imports nothing from the project.',
    },
    {
      target: './src/client',
      from: './src',
      except: ['./protocol', './client'],
      message: 'src/client may import only src/protocol (ADR 0007).',
    },
    {
      target: './src/session',
      from: './src',
      except: ['./protocol', './client', './session', ...testing],
      message: 'src/session may import only src/client and src/protocol.',
    },
    {
      target: './src/lib',
      from: './src',
      except: ['./protocol', './client', './session', './lib', ...testing],
      message: 'src/lib may import only src/client, src/session and src/protocol.',
    },
    {
      target: './src/domain',
      from: './src',
      except: ['./protocol', './client', './lib', './domain', ...testing],
      message: 'src/domain may import only src/lib, src/client and src/protocol.',
    },
    {
      target: ['./src/components', './src/config'],
      from: './src',
      except: ['./protocol', './lib', './components', './config', ...testing],
      message: 'Shared code may not import features, app or session.',
    },
    ...featureNames().map((name) => ({
      target: `./src/features/${name}`,
      from: './src',
      // session is allowed here as a type only: see @typescript-eslint/no-restricted-imports below.
      except: [
        './lib',
        './domain',
        './client',
        './components',
        './config',
        './protocol',
        './session',
        `./features/${name}`,
        ...testing,
      ],
      message:
        'A feature may import lib, domain, client, components, config and protocol, never another feature or app.',
    })),
    {
      target: './src/testing',
      from: ['./src/app', './src/features', './src/domain', './src/main.tsx'],
      message: 'Test helpers may not import app or features.',
    },
    {
      target: './src',
      from: './dev-broker',
      message: 'The SPA never imports the broker.',
    },
    {
      target: './dev-broker',
      from: './src',
      except: ['./protocol', './client'],
      message: 'dev-broker may import only src/protocol and src/client.',
    },
    {
      target: './e2e',
      from: './src',
      except: ['./protocol', './client'],
      message: 'e2e may import only e2e, src/protocol, src/client and dev-broker/main.ts.',
    },
    {
      target: './e2e',
      from: './dev-broker',
      except: ['./main.ts'],
      message: 'e2e may import only e2e, src/protocol, src/client and dev-broker/main.ts.',
    },
    {
      target: ['./src', './dev-broker', './scripts'],
      from: './e2e',
      message: 'Nothing imports e2e.',
    },
  ];
}

/** Import groups and their order; `extraPathGroups` places more patterns (see e2e/consumer). */
const importOrder = (extraPathGroups = []) => [
  'error',
  {
    groups: ['builtin', 'external', 'internal', 'parent', 'sibling', 'index', 'object'],
    pathGroups: [
      { pattern: '@/**', group: 'internal' },
      { pattern: '@protocol/**', group: 'internal' },
      ...extraPathGroups,
    ],
    pathGroupsExcludedImportTypes: ['builtin'],
    'newlines-between': 'always',
    alphabetize: { order: 'asc', caseInsensitive: true },
  },
];

const restrictedPaths = (tests) => ['error', { basePath: root, zones: importZones({ tests }) }];

const testFiles = ['**/*.test.ts', '**/*.test.tsx'];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'lib/',
      'coverage/',
      'test-results/',
      'e2e/test-results/',
      'e2e/playwright-report/',
      'e2e/results/',
      '.iothub-data/',
      '**/*.d.ts.map',
    ],
  },
  js.configs.recommended,
  tseslint.configs.strictTypeChecked,
  importX.flatConfigs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // Each file is checked with its nearest tsconfig.json: root (src), dev-broker/ or e2e/.
        projectService: true,
        tsconfigRootDir: root,
      },
    },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs', '.cjs'],
      'import-x/internal-regex': '^@(protocol)?/',
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
          conditionNames: ['types', 'import', 'browser', 'node', 'require', 'default'],
          tsconfig: { configFile: `${root}/tsconfig.json` },
        }),
      ],
    },
    plugins: { 'check-file': checkFile },
    rules: {
      eqeqeq: ['error', 'always'],
      'max-lines': ['warn', { max: 400 }],
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${TOPIC_LITERAL}]`, message: topicMessage },
        { selector: `TemplateElement[value.raw=${TOPIC_LITERAL}]`, message: topicMessage },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      // Numbers in template strings (ports, counts, reason codes) read naturally; other types stay banned.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // `(resolve) => server.close(() => resolve())` callbacks are idiomatic Node; a void value used
      // in a return statement or an expression is still reported.
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // TypeScript checks named imports; import-x re-parsing every module for it is slow and redundant.
      'import-x/named': 'off',
      'import-x/no-named-as-default-member': 'off',
      'import-x/no-cycle': 'error',
      'import-x/no-restricted-paths': restrictedPaths(false),
      'import-x/order': importOrder(),
      'check-file/no-index': 'error',
      'check-file/filename-naming-convention': [
        'error',
        { '**/*.{js,mjs,cjs,ts,tsx}': 'KEBAB_CASE' },
        { ignoreMiddleExtensions: true },
      ],
      'check-file/folder-naming-convention': [
        'error',
        { '{src,dev-broker,e2e,scripts}/**/': 'KEBAB_CASE' },
      ],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    ...reactHooks.configs.flat['recommended-latest'],
  },
  ...pluginQuery.configs['flat/recommended'],
  {
    files: ['src/features/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@/session/*', '**/session/*'],
              allowTypeImports: true,
              message:
                'Features use the session through src/lib/session-context.tsx; import session types only.',
            },
          ],
        },
      ],
    },
  },
  {
    // src/client runs in the browser and on Node (ADR 0007): no framework, no transport, no runtime.
    // Its MQTT.js adapters live in src/client/adapters and may import 'mqtt', nothing else.
    files: ['src/client/**/*.ts'],
    ignores: ['src/client/adapters/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'mqtt',
                'react',
                'react-dom',
                'zustand',
                'zustand/*',
                '@tanstack/*',
                'node:*',
              ],
              message:
                'src/client is transport- and framework-agnostic: only src/protocol (MQTT.js goes in src/client/adapters).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/client/adapters/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['react', 'react-dom', 'zustand', 'zustand/*', '@tanstack/*', 'node:*'],
              message: 'An adapter adds MQTT.js, nothing else.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['dev-broker/**', 'e2e/**', 'scripts/**', '*.config.{js,ts}'],
    languageOptions: { globals: globals.node },
  },
  {
    files: [...testFiles, 'e2e/**'],
    rules: {
      // Tests spell real topics on purpose: they check the protocol, not reuse it.
      'no-restricted-syntax': 'off',
      'import-x/no-restricted-paths': restrictedPaths(true),
    },
  },
  {
    files: ['src/protocol/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    ...playwright.configs['flat/recommended'],
    files: ['e2e/**/*.ts'],
  },
  {
    // The consumer suite runs in a project that installed the package tarball (scripts/consumer-check.mjs),
    // where `iothub-device-console` resolves and `tsc` checks it; here the package is not installed.
    ...tseslint.configs.disableTypeChecked,
    files: ['e2e/consumer/**'],
  },
  {
    files: ['e2e/consumer/**'],
    rules: {
      'import-x/no-unresolved': ['error', { ignore: ['^iothub-device-console(/playwright)?$'] }],
      // The package is external there; here it resolves to this repository's lib/ when that is built.
      'import-x/order': importOrder([
        { pattern: 'iothub-device-console{,/**}', group: 'external' },
      ]),
    },
  },
  {
    // Plain JS (this file, scripts/, the bin shim) is in no tsconfig: lint it without type information.
    ...tseslint.configs.disableTypeChecked,
    files: ['**/*.{js,mjs,cjs}'],
  },
);
