// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'examples/npm-app/public/**', '**/*.d.ts'] },
  js.configs.recommended,
  {
    files: ['packages/**/*.{ts,tsx}', 'test/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // The test configurations include the sources too: one program per package covers every file.
        project: [
          'packages/protocol/tsconfig.test.json',
          'packages/server/tsconfig.test.json',
          'packages/widget/tsconfig.test.json',
          'packages/server/src/inbox/app/tsconfig.json',
          'test/tsconfig.json',
        ],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // A promise nobody awaits is how an error escapes a handler and takes the process down.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Fastify's plugins and hooks are async by contract, whether or not they await.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'TSParameterProperty[accessibility="private"]', message: 'Use #private fields: one privacy style.' },
        { selector: 'PropertyDefinition[accessibility="private"]', message: 'Use #private fields: one privacy style.' },
        { selector: 'MethodDefinition[accessibility="private"][kind!="constructor"]', message: 'Use #private methods: one privacy style.' },
      ],
    },
  },
  {
    files: ['vitest.config.ts'],
    extends: [tseslint.configs.recommended],
  },
  {
    // Tests poke at untyped JSON frames and bodies on purpose.
    files: ['**/*.test.{ts,tsx}', '**/test/**/*.{ts,tsx}', 'bench/**'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
)
