// Lint: typescript-eslint's recommended rules; type errors are caught by `tsc --noEmit` (npm run lint).
import { readdirSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// web/: each feature stands alone (bulletproof-react): it imports shared code and itself, never
// another feature; pages in web/src/app compose features.
const webFeatures = readdirSync(new URL('./web/src/features', import.meta.url));
const featureBoundaries = webFeatures.map((feature) => ({
  files: [`web/src/features/${feature}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: ['@/features/*', `!@/features/${feature}`],
            message: 'A feature never imports another feature: compose them in web/src/app.',
          },
          { group: ['@/app/*'], message: 'Features do not import the app.' },
        ],
      },
    ],
  },
}));

// src/triennium/: a slice reads another only through what triennium.ts passes its deciders; the
// opening's span and process dates are shared by every slice, and the plan's read joins the
// contributions' rows of the tavoli slice.
const TRIENNIUM_SLICES = [
  'calls',
  'tavoli',
  'participants',
  'plan',
  'esiti',
  'sintesi',
  'monitoring',
];
const allowedAcross = {
  plan: ['../tavoli/tavoli.queries.js'],
  participants: ['../tavoli/tavoli.dto.js'],
  monitoring: ['../tavoli/tavoli.queries.js'],
};
const sliceBoundaries = TRIENNIUM_SLICES.map((slice) => ({
  files: [`src/triennium/${slice}/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            group: [
              ...TRIENNIUM_SLICES.filter((other) => other !== slice).map(
                (other) => `../${other}/*`,
              ),
              ...(allowedAcross[slice] ?? []).map((path) => `!${path}`),
            ],
            message:
              'A slice never reaches into another slice: triennium.ts passes what it needs (isAdmitted, hasContribution, isApproved).',
          },
          { group: ['../triennium.js'], message: 'A slice does not import the composition.' },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        AbortController: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        __dirname: 'readonly',
        require: 'readonly',
        module: 'writable',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.object.name=/^(it|describe|test)$/][callee.property.name='only']",
          message: 'No focused tests.',
        },
      ],
    },
  },
  ...featureBoundaries,
  ...sliceBoundaries,
);
