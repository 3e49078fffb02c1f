import type { PoolClient } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';

/** The pg connection under a TypeORM manager that has a query runner (one inside a transaction). */
export function rawClient(manager: EntityManager): PoolClient {
  return (manager.queryRunner as unknown as { databaseConnection: PoolClient }).databaseConnection;
}

/** Runs `work` on one pooled connection, released afterwards. */
export async function withRawClient<R>(dataSource: DataSource, work: (client: PoolClient) => Promise<R>): Promise<R> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    return await work((runner as unknown as { databaseConnection: PoolClient }).databaseConnection);
  } finally {
    await runner.release();
  }
}

/** A query's rows as arrays (pg's rowMode 'array'): the bulk loaders read columns by position. */
export async function queryRows(client: PoolClient, text: string, values: unknown[] = []): Promise<unknown[][]> {
  const result = await client.query({ text, values, rowMode: 'array' });
  return result.rows as unknown[][];
}
