// Lint: TypeScript-aware recommended rules, plus the project rules that the domain stays pure and
// the product imports nothing from the harness (both also enforced by test/unit/architecture.unit.spec.ts).
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', '.local/', 'test/e2e/shots/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: globals.node },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    // Type-aware rules for the async mistakes a bot makes: a promise nobody awaits loses its error (and, in a
    // turn, outlives the turn), an async callback where a void one is expected, a switch that misses a case.
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    // The product never imports the harness (the emulator, the demo, test support): they do not ship.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/test/**', '**/test'], message: 'src/ is the product: import nothing from test/ (the harness does not ship).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!./*', 'node:*', 'botbuilder*', '@azure/*', '@microsoft/*', 'restify'],
              message: 'The domain is pure: import only from src/domain.',
            },
          ],
        },
      ],
    },
  },
  {
    // The diagnosis is a folder of the domain: it may reach the rest of the domain, one level up, and no further.
    files: ['src/domain/diagnosis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../*', 'node:*', 'botbuilder*', '@azure/*', '@microsoft/*', 'restify'],
              message: 'The domain is pure: import only from src/domain.',
            },
          ],
        },
      ],
    },
  },
);
