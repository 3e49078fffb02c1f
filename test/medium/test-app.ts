import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../apps/api/src/bootstrap.js';
import { AccessService, Role, systemActor } from '../../libs/access/index.js';
import { Clock } from '../../libs/common/index.js';
import { AppConfig, loadConfig } from '../../libs/config/index.js';
import { createTestDatabase, TestDatabase } from './test-database.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestApi {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly database: TestDatabase;
  readonly dataSource: DataSource;
  http(): ReturnType<typeof supertest>;
  /** Creates a user and returns a bearer token signed in as them. */
  signInAs(role: Role, groupIds?: string[]): Promise<string>;
  get<T>(token: string | (new (...args: never[]) => T)): T;
  close(): Promise<void>;
}

/** Boots the real API on its own database and queue prefix; nothing is mocked. */
export async function createTestApi(overrides: Partial<AppConfig> = {}, clock?: Clock): Promise<TestApi> {
  const database = await createTestDatabase();
  const config: AppConfig = {
    ...loadConfig(process.env),
    nodeEnv: 'test',
    databaseUrl: database.url,
    queuePrefix: `test-${randomBytes(4).toString('hex')}`,
    ...overrides,
  };
  const app = await createApiApplication(config, { logger: false, clock });
  await app.init();
  let users = 0;
  return {
    app,
    config,
    database,
    dataSource: app.get(DataSource),
    http: () => supertest(app.getHttpServer()),
    get: (token) => app.get(token as never),
    async signInAs(role, groupIds = []) {
      users += 1;
      const email = `${role}.${users}@test.example`;
      const access = app.get(AccessService);
      await access.createUser(
        { email, displayName: `${role} ${users}`, role, groupIds, password: TEST_PASSWORD },
        systemActor('test'),
      );
      return (await access.signIn(email, TEST_PASSWORD, '127.0.0.1')).token;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
