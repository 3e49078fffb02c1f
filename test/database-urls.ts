import { loadConfig } from '../libs/config/index.js';

/** The server the tests use: DATABASE_URL's server (default local), with another database name. */
export function databaseUrl(database: string): string {
  const url = new URL(loadConfig(process.env).databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export const ADMIN_DATABASE = 'postgres';
