import { DataSource } from 'typeorm';
import { migrations } from '../../migrations/index.js';

export function createMigrationDataSource(databaseUrl: string): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations: [...migrations],
    migrationsTransactionMode: 'each',
  });
}

/** Runs pending migrations and returns their names. */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = createMigrationDataSource(databaseUrl);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations();
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
