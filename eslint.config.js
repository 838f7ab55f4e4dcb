// ESLint flat config. The import-boundary rules below are the architecture's dependency rule
// (docs/architecture.md): shared imports neither web nor sync-server; web and sync-server never
// import each other; components never touch Yjs directly. scripts/boundaries.test.ts proves
// each rule fires.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';

const NODE_BUILTINS = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'util',
];

const boundary = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default ts.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/.svelte-kit/**',
      'web/build/**',
      'data/**',
      'data-*/**',
      'test-results/**',
      'playwright-report/**',
      'tests/.cache/**',
      '.test-summary/**',
    ],
  },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'] } },
    rules: {
      // The app is always served at the site root (no `paths.base`), so plain hrefs are correct.
      'svelte/no-navigation-without-resolve': 'off',
      // State classes hold immutable snapshots in $state.raw and replace them wholesale; local
      // Maps/Sets/Dates built inside a derivation are never mutated after it returns.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: boundary([
      {
        group: ['@aligned/web', '@aligned/web/*', '**/web/**'],
        message: 'shared/ must not import web/ (dependency rule).',
      },
      {
        group: ['@aligned/sync-server', '@aligned/sync-server/*', '**/sync-server/**'],
        message: 'shared/ must not import sync-server/ (dependency rule).',
      },
      {
        group: ['svelte', 'svelte/*', '$app/*', '$lib', '$lib/*'],
        message: 'shared/ is UI-free: no Svelte or SvelteKit.',
      },
      {
        group: ['ws', 'better-sqlite3', ...NODE_BUILTINS],
        message: 'shared/ runs in browsers too: no Node-only modules.',
      },
    ]),
  },
  {
    files: ['web/**/*.ts', 'web/**/*.svelte', 'web/**/*.js'],
    rules: boundary([
      {
        group: ['@aligned/sync-server', '@aligned/sync-server/*', '**/sync-server/**'],
        message: 'web/ must not import sync-server/ (dependency rule): talk to it over the network.',
      },
      { group: ['ws', 'better-sqlite3'], message: 'web/ runs in the browser: no server modules.' },
    ]),
  },
  {
    files: ['web/src/routes/**', 'web/src/lib/components/**'],
    rules: boundary([
      {
        group: ['@aligned/sync-server', '@aligned/sync-server/*', '**/sync-server/**'],
        message: 'web/ must not import sync-server/ (dependency rule): talk to it over the network.',
      },
      {
        group: ['yjs', 'y-protocols', 'y-protocols/*', 'lib0', 'lib0/*'],
        message:
          'Components render and collect input: go through $lib/state and shared/ commands, never Yjs.',
      },
    ]),
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: boundary([
      {
        group: ['@aligned/web', '@aligned/web/*', '**/web/**'],
        message: 'sync-server/ must not import web/ (dependency rule).',
      },
      { group: ['svelte', 'svelte/*', '$app/*', '$lib', '$lib/*'], message: 'sync-server/ has no UI.' },
    ]),
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
