import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noReactHere = {
  patterns: [
    {
      group: ['react', 'react-dom', 'react/*', 'zustand', 'zustand/*'],
      message: 'No React or stores in this layer.',
    },
  ],
};
const mqttOnlyInMqtt = {
  paths: [{ name: 'mqtt', message: "Only src/mqtt/ may import 'mqtt'." }],
  patterns: [{ group: ['mqtt/*'], message: "Only src/mqtt/ may import 'mqtt'." }],
};

export default tseslint.config(
  {
    ignores: [
      'dist',
      'node_modules',
      'test-results',
      'playwright-report',
      'reports',
      'bench/results',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      // The classic hook rules only: views deliberately read the mutable ingest during render,
      // once per committed frame, which the compiler-oriented rules would forbid.
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'no-restricted-imports': ['error', mqttOnlyInMqtt],
    },
  },
  {
    files: ['src/mqtt/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noReactHere] },
  },
  {
    files: ['src/ingest/**/*.ts', 'src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: mqttOnlyInMqtt.paths,
          patterns: [...noReactHere.patterns, ...mqttOnlyInMqtt.patterns],
        },
      ],
    },
  },
  {
    files: ['server/**/*.mjs', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'e2e/**/*.ts', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
);
