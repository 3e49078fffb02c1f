import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  libraryOfMigration,
  ownershipFrom,
  ownershipViolations,
  readRepository,
  type OwnershipViolation,
} from './table-ownership.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Listing queries that still join the catalogue's tables for codes and names (display joins, no figures).
 * Each should read names through the read model; the list may only shrink: an entry that no longer
 * occurs fails the test until it is removed here.
 */
const KNOWN_DISPLAY_JOINS: readonly string[] = [
  'libs/comparators/comparators.service.ts names area (owned by libs/catalogue)',
  'libs/comparators/comparators.service.ts names indicator (owned by libs/catalogue)',
  'libs/exceptions/exceptions.service.ts names area (owned by libs/catalogue)',
  'libs/exceptions/exceptions.service.ts names indicator (owned by libs/catalogue)',
  'libs/exceptions/exceptions.service.ts names partnership_group (owned by libs/catalogue)',
  'libs/exceptions/exceptions.service.ts names priority (owned by libs/catalogue)',
  'libs/returns/returns.service.ts names area (owned by libs/catalogue)',
  'libs/returns/returns.service.ts names indicator (owned by libs/catalogue)',
  'libs/returns/returns.service.ts names partnership_group (owned by libs/catalogue)',
];

/**
 * Cross-library reads that came with the workflow and notifications (issue 14): recipients read from the
 * access tables, sign-off and the daily chase reading returns, exceptions and the catalogue directly. Each
 * belongs behind its owner's service; like the list above, this one may only shrink.
 */
const KNOWN_WORKFLOW_READS: readonly string[] = [
  'libs/notifications/notifications.service.ts names app_user (owned by libs/access)',
  'libs/notifications/notifications.service.ts names user_group (owned by libs/access)',
  'libs/reports/reports.service.ts names period_lock (owned by libs/catalogue)',
  'libs/returns/returns-store.ts names partnership_group (owned by libs/catalogue)',
  'libs/workflow/group-chair.service.ts names user_group (owned by libs/access)',
  'libs/workflow/sign-off.service.ts names indicator_return (owned by libs/returns)',
  'libs/workflow/sign-off.service.ts names partnership_group (owned by libs/catalogue)',
  'libs/workflow/sign-off.service.ts names user_group (owned by libs/access)',
  'libs/workflow/workflow-jobs.service.ts names exception (owned by libs/exceptions)',
  'libs/workflow/workflow-jobs.service.ts names indicator (owned by libs/catalogue)',
  'libs/workflow/workflow-jobs.service.ts names partnership_group (owned by libs/catalogue)',
];

const asText = (v: OwnershipViolation) => `${v.path} names ${v.table} (owned by libs/${v.owner})`;

describe('table ownership', () => {
  const repository = readRepository(ROOT);
  const ownership = ownershipFrom(repository.migrations, repository.libraries);

  it('gives every table created by a migration the library the migration is named for', () => {
    expect(ownership.unowned).toEqual([]);
    expect(ownership.owners.get('indicator')).toBe('catalogue');
    expect(ownership.owners.get('return_upload')).toBe('returns');
    expect(ownership.owners.get('audit_event')).toBe('audit');
    expect(ownership.owners.get('report')).toBe('reports');
  });

  it('names a migration by its library, plural or singular', () => {
    const libraries = ['audit', 'returns', 'reports', 'catalogue'];
    expect(libraryOfMigration('1764030007000-return-uploads.ts', libraries)).toBe('returns');
    expect(libraryOfMigration('1764030001000-audit-trail.ts', libraries)).toBe('audit');
    expect(libraryOfMigration('1764030009000-reports.ts', libraries)).toBe('reports');
    expect(libraryOfMigration('1764030009000-weather.ts', libraries)).toBeNull();
  });

  it('lets no library SQL name a table another library owns, except the read model', () => {
    const violations = ownershipViolations(ownership, repository.sources).map(asText).sort();
    expect(violations).toEqual([...KNOWN_DISPLAY_JOINS, ...KNOWN_WORKFLOW_READS].sort());
  });

  it('fails on a deliberate cross-table read, and not on the read model doing the same', () => {
    const sql = 'await manager.query(`SELECT v.value FROM current_value v JOIN target t ON t.id = v.target_id`);';
    const found = ownershipViolations(ownership, [
      { path: 'libs/reports/sneaky.service.ts', text: sql },
      { path: 'libs/series/series-store.ts', text: sql },
      { path: 'libs/returns/returns-store.ts', text: 'SELECT * FROM current_value' },
    ]).map(asText);
    expect(found).toEqual([
      'libs/reports/sneaky.service.ts names current_value (owned by libs/returns)',
      'libs/reports/sneaky.service.ts names target (owned by libs/catalogue)',
    ]);
  });

  it('counts a TypeORM entity mapped onto another library table as naming it', () => {
    const found = ownershipViolations(ownership, [
      { path: 'libs/reports/indicator.entity.ts', text: "@Entity('indicator')\nexport class Indicator {}" },
    ]).map(asText);
    expect(found).toEqual(['libs/reports/indicator.entity.ts names indicator (owned by libs/catalogue)']);
  });
});
