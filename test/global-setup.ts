import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { runMigrations } from '../libs/database/index.js';
import { ADMIN_DATABASE, databaseUrl } from './database-urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per run; each test file clones it (CREATE DATABASE … TEMPLATE),
 * which is much faster than migrating per file and keeps files isolated from each other.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `cypp_test_template_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl(ADMIN_DATABASE) });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not answering at ${databaseUrl(ADMIN_DATABASE)} (${(error as Error).message}). ` +
        'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
  }
  await admin.query(`CREATE DATABASE ${template}`);
  await runMigrations(databaseUrl(template));
  // A template must have no connections when it is cloned; mark it so.
  await admin.query(`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false`);
  project.provide('templateDatabase', template);
  return async () => {
    await admin.query(`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS true`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
