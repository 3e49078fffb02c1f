import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest DI needs decorator metadata, which Vitest's default (Oxc) transform does not emit.
const typescriptWithDecorators = swc.vite({
  module: { type: 'es6' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
  },
});

export default defineConfig({
  oxc: false,
  plugins: [typescriptWithDecorators],
  test: {
    projects: [
      {
        oxc: false,
        plugins: [typescriptWithDecorators],
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'] },
      },
      {
        oxc: false,
        plugins: [typescriptWithDecorators],
        test: {
          name: 'medium',
          include: ['test/medium/**/*.spec.ts', 'test/fault/**/*.spec.ts', 'test/e2e/**/*.spec.ts'],
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
