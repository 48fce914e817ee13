import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Dependency direction (see ../shared/STYLE.md): shared imports nothing of ours; client and server
// import @wethink/shared by name, never each other, never deep paths.
const noDeepShared = {
  group: ['@wethink/shared/src/*', '../shared/*', '../../shared/*', '../../../shared/*'],
  message: 'import @wethink/shared by package name',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.tools/**',
      '**/.tsbuild/**',
      '**/test-results/**',
      '**/playwright-report/**',
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'shared runs in browsers too' },
            { group: ['@wethink/*'], message: 'shared depends on nothing of ours' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noDeepShared,
            { group: ['@wethink/client', '**/client/**'], message: 'server never imports client' },
          ],
        },
      ],
    },
  },
  {
    files: ['server/src/sync/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'ws', message: 'sync/ sees a SocketLike, not ws' }],
          patterns: [
            noDeepShared,
            {
              group: ['../storage/sqlite*', '../storage/postgres*'],
              message: 'sync/ depends on the DocumentStore interface',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          // The full entry carries the request schemas, and with them zod, into the bundle.
          paths: [
            { name: '@wethink/shared', message: 'the client imports @wethink/shared/client' },
            { name: 'zod', message: 'the server validates requests; keep zod out of the bundle' },
          ],
          patterns: [
            noDeepShared,
            { group: ['@wethink/server', '**/server/**'], message: 'client never imports server' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/main.ts', '**/logger.ts', '**/cli.ts', 'bench/**', 'e2e/**', '**/scripts/**'],
    rules: { 'no-console': 'off' },
  },
);
