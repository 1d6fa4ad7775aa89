// Flat config for every package. Type-aware rules catch the mistakes that matter in async queue
// code (floating promises, misused promises); the import rules enforce the package boundaries of
// ARCHITECTURE.md: apps may import libs, the gateway never imports the engine, libs never import
// apps, contracts imports nothing of ours, and nobody reaches into another package's files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// A subpath a package lists in its `exports` is public too: contracts keeps what needs ioredis off
// its index so that clients of the index never load ioredis.
const deepImports = {
  group: ['@ocr-pool/*/*', '!@ocr-pool/contracts/redis'],
  message: "Import another package through its public index ('@ocr-pool/name') or a subpath it exports.",
};
const boundary = (forbidden, why) => ({
  'no-restricted-imports': [
    'error',
    { patterns: [deepImports, ...forbidden.map((name) => ({ group: [name], message: why }))] },
  ],
});

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      'libs/contracts/src/grpc/generated/**',
      '**/node_modules/**',
      'scratch/**',
      '.nx/**',
      'test-output/**',
      'bench-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      ...boundary([], ''),
    },
  },
  {
    files: ['libs/contracts/**/*.ts'],
    rules: boundary(['@ocr-pool/*'], 'contracts is the shared vocabulary: it imports nothing of ours.'),
  },
  {
    files: ['libs/annotate/**/*.ts'],
    rules: boundary(
      ['@ocr-pool/ocr-engine', '@ocr-pool/worker', '@ocr-pool/gateway'],
      'annotate draws results; it never runs a model or imports apps.',
    ),
  },
  {
    files: ['libs/ocr-engine/**/*.ts'],
    rules: boundary(['@ocr-pool/worker', '@ocr-pool/gateway'], 'Libraries never import apps.'),
  },
  {
    files: ['apps/gateway/**/*.ts'],
    rules: boundary(
      ['@ocr-pool/ocr-engine', '@ocr-pool/worker'],
      'The gateway never runs a model: it speaks to workers through Redis only.',
    ),
  },
  {
    files: ['apps/worker/**/*.ts'],
    rules: boundary(
      ['@ocr-pool/gateway'],
      'The worker never speaks HTTP to clients: it speaks to gateways through Redis only.',
    ),
  },
  {
    // Command-line tools and tests print to the terminal by design.
    files: ['**/cli/**/*.ts', '**/*.test.ts', '**/test/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    // node:test's test() returns a promise the runner itself awaits.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-floating-promises': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The demo page's script runs in the browser.
    files: ['apps/gateway/public/**/*.js'],
    languageOptions: {
      globals: { document: 'readonly', fetch: 'readonly', FormData: 'readonly', URL: 'readonly' },
    },
  },
  {
    files: ['tools/**/*.mjs', '*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
  prettier,
);
