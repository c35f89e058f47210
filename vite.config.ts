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
  },
});
