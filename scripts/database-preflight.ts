import pg from 'pg';

export class PreflightError extends Error {}

/**
 * Checks the database answers and has been migrated before Nest starts, so a command line tool says what
 * to do in one line instead of retrying the connection for half a minute.
 */
export async function assertDatabaseReady(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new PreflightError(
      `Cannot use the database at ${withoutPassword(databaseUrl)}: ${(error as Error).message}. ` +
        'Start PostgreSQL, and run `npm run migration:run` to create the database and its schema.',
    );
  }
  try {
    const { rows } = await client.query<{ ready: boolean }>(`SELECT to_regclass('public.plan') IS NOT NULL AS ready`);
    if (!rows[0]?.ready) {
      throw new PreflightError(
        `The database at ${withoutPassword(databaseUrl)} has no schema yet: run \`npm run migration:run\` first.`,
      );
    }
  } finally {
    await client.end();
  }
}

function withoutPassword(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (url.password) url.password = '***';
  return url.toString();
}
