import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'test-artifacts/', '*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  { files: ['bench/**', 'src/main.ts', 'src/bootstrap.ts', 'src/demo.ts', 'src/channels-startup.ts'], rules: { 'no-console': 'off' } },
  {
    // The console's browser modules (plain ES modules, no build step).
    files: ['src/console/**/*.js'],
    languageOptions: {
      globals: Object.fromEntries([
        'window', 'document', 'location', 'history', 'navigator', 'sessionStorage', 'localStorage', 'fetch', 'Response', 'Blob', 'FileReader',
        'URL', 'URLSearchParams', 'XMLHttpRequest', 'Node', 'crypto', 'AbortController', 'TextDecoderStream', 'MutationObserver',
        'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval',
      ].map((name) => [name, 'readonly'])),
    },
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { URL: 'readonly', console: 'readonly', process: 'readonly' } },
    rules: { 'no-console': 'off' },
  },
);
