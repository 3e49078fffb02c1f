import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// Nest DI needs decorator metadata, which Vitest's default (Oxc) transform does not emit.
export const typescriptWithDecorators = swc.vite({
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
        test: { name: 'unit', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'], sequence: { groupOrder: 0 } },
      },
      {
        oxc: false,
        plugins: [typescriptWithDecorators],
        test: {
          name: 'medium',
          include: ['test/medium/**/*.spec.ts'],
          sequence: { groupOrder: 0 },
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        oxc: false,
        plugins: [typescriptWithDecorators],
        test: {
          // Each owns its Redis and database; waiting out an outage on a busy machine needs more than a minute.
          name: 'fault',
          include: ['test/fault/**/*.spec.ts'],
          sequence: { groupOrder: 0 },
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        oxc: false,
        plugins: [typescriptWithDecorators],
        test: {
          // Browser tests: the API, worker, PostgreSQL, Redis, an OIDC provider and Debian's Chromium.
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          // After unit and medium, not beside them: two Chromiums and two workers on 2 cores starve the
          // medium suites' job-timing tests.
          sequence: { groupOrder: 1 },
          globalSetup: ['test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
