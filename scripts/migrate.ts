import pg from 'pg';
import { ConfigError, loadConfig } from '../libs/config/index.js';
import { runMigrations } from '../libs/database/index.js';

/** Creates the database if it does not exist, then applies pending migrations. */
async function main(): Promise<void> {
  const { databaseUrl } = loadConfig(process.env);
  const target = new URL(databaseUrl);
  const database = decodeURIComponent(target.pathname.slice(1));
  const server = new URL(databaseUrl);
  server.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
      console.log(`Created database ${database}`);
    }
  } finally {
    await admin.end();
  }
  const applied = await runMigrations(databaseUrl);
  console.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Database schema is up to date');
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : `Migration failed: ${(error as Error).message}`);
  process.exit(1);
});
