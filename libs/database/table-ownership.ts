import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Which library owns which table, read from migrations/: a table belongs to the library whose migration
 * creates it, and a migration belongs to the library its name starts with (`…-catalogue.ts`,
 * `…-return-uploads.ts` → returns, `…-audit-trail.ts` → audit). A library's SQL may name only its own
 * tables; libs/series, the read model, reads across them. Used by table-ownership.spec.ts.
 */

/** The library that reads every table: the one documented cross-table reader. */
export const READ_MODEL_LIBRARY = 'series';

export interface TableOwnership {
  /** Table name → owning library. */
  readonly owners: ReadonlyMap<string, string>;
  /** Migrations that create a table but whose name matches no library. */
  readonly unowned: readonly string[];
}

export interface SourceFile {
  /** Path from the repository root, e.g. libs/reports/reports.service.ts. */
  readonly path: string;
  readonly text: string;
}

export interface OwnershipViolation {
  readonly path: string;
  readonly library: string;
  readonly table: string;
  readonly owner: string;
}

/** The library a migration's file name speaks for, by its first words (plural or singular). */
export function libraryOfMigration(fileName: string, libraries: readonly string[]): string | null {
  const slug = fileName.replace(/^\d+-/, '').replace(/\.ts$/, '');
  const matches = libraries.filter(
    (lib) => slug === lib || slug.startsWith(`${lib}-`) || slug.startsWith(lib.replace(/s$/, '')),
  );
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}

export function tablesCreatedBy(sql: string): string[] {
  return [...sql.matchAll(/CREATE TABLE (?:IF NOT EXISTS )?"?([a-z_][a-z0-9_]*)"?/g)].map((m) => m[1]!);
}

export function ownershipFrom(migrations: readonly SourceFile[], libraries: readonly string[]): TableOwnership {
  const owners = new Map<string, string>();
  const unowned: string[] = [];
  for (const migration of migrations) {
    const tables = tablesCreatedBy(migration.text);
    if (tables.length === 0) continue;
    const library = libraryOfMigration(path.basename(migration.path), libraries);
    if (!library) {
      unowned.push(migration.path);
      continue;
    }
    for (const table of tables) owners.set(table, library);
  }
  return { owners, unowned };
}

/** Tables a source file's SQL names: after FROM, JOIN, INTO, UPDATE, TABLE or TRUNCATE, and TypeORM @Entity names. */
export function tablesNamedIn(text: string, known: ReadonlyMap<string, string>): Set<string> {
  const named = new Set<string>();
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE|TRUNCATE)\s+(?:ONLY\s+)?"?([a-z_][a-z0-9_]*)/g)) {
    if (known.has(m[1]!)) named.add(m[1]!);
  }
  for (const m of text.matchAll(/@Entity\(\s*['"]([a-z_][a-z0-9_]*)['"]/g)) if (known.has(m[1]!)) named.add(m[1]!);
  return named;
}

export function ownershipViolations(ownership: TableOwnership, files: readonly SourceFile[]): OwnershipViolation[] {
  const violations: OwnershipViolation[] = [];
  for (const file of files) {
    const library = /^libs\/([^/]+)\//.exec(file.path)?.[1];
    if (!library || library === READ_MODEL_LIBRARY) continue;
    for (const table of tablesNamedIn(file.text, ownership.owners)) {
      const owner = ownership.owners.get(table)!;
      if (owner !== library) violations.push({ path: file.path, library, table, owner });
    }
  }
  return violations;
}

/** The repository's migrations and library sources (not tests), read from disk. */
export function readRepository(root: string): { migrations: SourceFile[]; sources: SourceFile[]; libraries: string[] } {
  const read = (relative: string): SourceFile => ({
    path: relative,
    text: readFileSync(path.join(root, relative), 'utf8'),
  });
  const walk = (dir: string): string[] =>
    readdirSync(path.join(root, dir)).flatMap((name) => {
      const relative = `${dir}/${name}`;
      return statSync(path.join(root, relative)).isDirectory() ? walk(relative) : [relative];
    });
  const libraries = readdirSync(path.join(root, 'libs')).filter((name) =>
    statSync(path.join(root, 'libs', name)).isDirectory(),
  );
  return {
    libraries,
    migrations: walk('migrations')
      .filter((p) => /\/\d+-.+\.ts$/.test(p))
      .map(read),
    sources: walk('libs')
      .filter((p) => p.endsWith('.ts') && !p.endsWith('.spec.ts') && !p.endsWith('.fixture.ts'))
      .map(read),
  };
}
