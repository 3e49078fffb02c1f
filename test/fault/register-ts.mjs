// `node --import ./test/fault/register-ts.mjs apps/worker/src/main.ts` runs the worker from its sources.
import { register } from 'node:module';

register('./ts-loader.mjs', import.meta.url);
