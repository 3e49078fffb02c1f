import { defineConfig } from 'vitest/config';
import { typescriptWithDecorators } from './vitest.config.js';

/** `npm run screenshots`: writes docs/screenshots/*.png from the running product; never part of `npm test`. */
export default defineConfig({
  oxc: false,
  plugins: [typescriptWithDecorators],
  test: {
    include: ['test/screenshots/**/*.screens.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 180_000,
  },
});
