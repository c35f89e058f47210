import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // What the first screen runs comes in one file: on its own, React went to a chunk of
        // its own (it is shared with the lazy panels), which compressed about 0.6 KB worse.
        codeSplitting: { groups: [{ name: 'index', tags: ['$initial'] }] },
      },
    },
  },
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'server/**/*.test.mjs',
      'bench/**/*.test.mjs',
    ],
    environment: 'node',
    setupFiles: ['src/test-setup.ts'],
    // Two files at a time on two cores: the slowest files (scenarios, report card, bridges) mostly
    // wait on broker timers, so a second worker roughly halves the wall time.
    maxWorkers: 2,
  },
});
