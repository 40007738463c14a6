// Lints every source, test, bench and script, JS and TS. Beyond the recommended sets: strict equality
// (no `==` coercion surprises) and no assignment inside a condition (a `=` meant as `===` slips past review).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'custom-elements.json', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      eqeqeq: ['error', 'always'],
      'no-cond-assign': ['error', 'always'],
      // `catch {}` is how the code says "this failure changes nothing"; other empty blocks stay errors.
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    files: ['test/browser/**/*.ts'],
    languageOptions: { globals: globals.mocha },
    // Chai's property assertions (`expect(x).to.exist`) are expressions by design.
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    // npm test runs the end-to-end files, and the server tests, in one process each, each file inside a suite
    // (test/e2e/run-all.mjs, test/server/run-all.ts): tests a file registers after a top-level await would land
    // outside its suite, after it has ended.
    files: ['test/e2e/**/*.test.mjs', 'test/server/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'AwaitExpression:not(:function AwaitExpression), ForOfStatement[await=true]:not(:function ForOfStatement)', message: 'No top-level await in a test file that run-all imports (test/e2e/run-all.mjs).' },
      ],
    },
  },
  {
    // The peers' configurations in the bench pages are classic scripts, as their docs write them.
    files: ['bench/pages/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { CookieConsent: 'readonly' } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^klaroConfig$' }] },
  },
);
