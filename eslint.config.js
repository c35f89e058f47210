import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import globals from 'globals';

/**
 * The layers of src/ and who may import whom (the README's "Layout" shows the picture).
 * The first pattern that matches a file decides its layer.
 */
export const LAYERS = [
  { type: 'test', pattern: 'src/**/*.test.{ts,tsx}', mode: 'full' },
  { type: 'test-support', pattern: 'src/test-support', mode: 'folder' },
  { type: 'main', pattern: 'src/main.tsx', mode: 'full' },
  { type: 'test-setup', pattern: 'src/test-setup.ts', mode: 'full' },
  { type: 'app', pattern: 'src/app', mode: 'folder' },
  { type: 'domain', pattern: 'src/domain', mode: 'folder' },
  { type: 'mqtt', pattern: 'src/mqtt', mode: 'folder' },
  { type: 'ingest', pattern: 'src/ingest', mode: 'folder' },
  { type: 'stores', pattern: 'src/stores', mode: 'folder' },
  { type: 'services', pattern: 'src/services', mode: 'folder' },
  { type: 'hooks', pattern: 'src/hooks', mode: 'folder' },
  { type: 'components', pattern: 'src/components', mode: 'folder' },
  { type: 'feature', pattern: 'src/features/*', mode: 'folder', capture: ['feature'] },
];

const sameFeature = ['feature', { feature: '${from.feature}' }];

/** Which layer may import which; everything not allowed here is an error. */
export const LAYER_RULES = [
  { from: 'main', allow: ['app'] },
  { from: 'app', allow: ['app', 'domain', 'mqtt', 'ingest', 'stores', 'services', 'hooks'] },
  { from: 'app', allow: ['components', 'feature'] },
  { from: 'domain', allow: ['domain'] },
  { from: 'mqtt', allow: ['mqtt', 'domain'] },
  { from: 'ingest', allow: ['ingest', 'domain', 'mqtt'] },
  { from: 'stores', allow: ['stores', 'domain'] },
  // A store may name a shape from below it (e.g. the frame snapshot), never call into it.
  { from: 'stores', allow: ['ingest'], importKind: 'type' },
  { from: 'services', allow: ['services', 'domain', 'mqtt', 'ingest', 'stores'] },
  { from: 'hooks', allow: ['hooks', 'stores', 'domain'] },
  { from: 'hooks', allow: ['services', 'ingest'], importKind: 'type' },
  { from: 'components', allow: ['components', 'domain'] },
  // Features read stores and hooks and call services through useServices(); they name the
  // services' shapes but never import their code, another feature, mqtt/ or ingest/.
  { from: 'feature', allow: [sameFeature, 'components', 'hooks', 'stores', 'domain'] },
  { from: 'feature', allow: ['services'], importKind: 'type' },
  { from: 'test', allow: ['*'] },
  { from: 'test-support', allow: ['test-support', 'domain', 'mqtt', 'services'] },
];

const NO_REACT = ['react', 'react-dom', 'react-dom/*', 'zustand', 'zustand/*', 'recharts'];

/** Libraries a layer may not use: mqtt.js only in src/mqtt; React only in views. */
export const EXTERNAL_RULES = [
  { from: '*', disallow: ['mqtt', 'mqtt/*'] },
  { from: ['mqtt', 'test', 'test-support'], allow: ['mqtt', 'mqtt/*'] },
  { from: ['domain', 'mqtt', 'ingest', 'services', 'test-support'], disallow: NO_REACT },
  { from: 'stores', disallow: ['react', 'react-dom', 'react-dom/*', 'recharts'] },
];

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
    plugins: { 'react-hooks': reactHooks, boundaries },
    settings: {
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': LAYERS,
      'import/resolver': { typescript: { project: './tsconfig.json' } },
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          message:
            '${file.type} may not import ${dependency.type} (see the layers in eslint.config.js and the README).',
          rules: LAYER_RULES,
        },
      ],
      'boundaries/external': ['error', { default: 'allow', rules: EXTERNAL_RULES }],
      // Every file of src/ belongs to a layer, so none escapes the rules above.
      'boundaries/no-unknown-files': 'error',
    },
  },
  {
    files: ['server/**/*.mjs', 'scripts/**/*.mjs', 'bench/**/*.mjs', 'e2e/**/*.ts', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
);
