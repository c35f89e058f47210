import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: false },
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
