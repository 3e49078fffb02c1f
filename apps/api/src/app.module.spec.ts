import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../libs/config/index.js';
import { DemoModule } from '../../../libs/demo/index.js';
import { AppModule } from './app.module.js';

describe(AppModule.name, () => {
  const config = loadConfig({});

  it('leaves the demo seed out of the production API', () => {
    expect(AppModule.forRoot({ ...config, nodeEnv: 'production' }).imports).not.toContain(DemoModule);
  });

  it('keeps the demo seed for development and tests', () => {
    expect(AppModule.forRoot({ ...config, nodeEnv: 'development' }).imports).toContain(DemoModule);
    expect(AppModule.forRoot({ ...config, nodeEnv: 'test' }).imports).toContain(DemoModule);
  });
});
