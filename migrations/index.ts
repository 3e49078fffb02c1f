import { Catalogue1764030000000 } from './1764030000000-catalogue.js';
import { AuditTrail1764030001000 } from './1764030001000-audit-trail.js';
import { Access1764030002000 } from './1764030002000-access.js';
import { Returns1764030003000 } from './1764030003000-returns.js';
import { ReturnUploads1764030007000 } from './1764030007000-return-uploads.js';
import { Comparators1764030007500 } from './1764030007500-comparators.js';
import { Exceptions1764030008000 } from './1764030008000-exceptions.js';
import { Reports1764030009000 } from './1764030009000-reports.js';
import { ReturnsBulkIntegrity1764030010000 } from './1764030010000-returns-bulk-integrity.js';
import { ReturnUploadUncompressed1795586300572 } from './1795586300572-return-upload-uncompressed.js';
import { ExceptionsPeopleAndPublication1796589666443 } from './1796589666443-exceptions-people-and-publication.js';
import { ReportClassification1796589666676 } from './1796589666676-report-classification.js';
import { ReturnSubmitterRole1796589666912 } from './1796589666912-return-submitter-role.js';
import { QueuedWork1796589725860 } from './1796589725860-queued-work.js';
import { AccessScorecardTokens1796590115496 } from './1796590115496-access-scorecard-tokens.js';
import { CataloguePeriodLocks1796592901390 } from './1796592901390-catalogue-period-locks.js';
import { Notifications1796592901394 } from './1796592901394-notifications.js';

/** Every migration, in order. `npm run migration:create -- <name>` appends here. */
export const migrations = [
  Catalogue1764030000000,
  AuditTrail1764030001000,
  Access1764030002000,
  Returns1764030003000,
  ReturnUploads1764030007000,
  Comparators1764030007500,
  Exceptions1764030008000,
  Reports1764030009000,
  ReturnsBulkIntegrity1764030010000,
  ReturnUploadUncompressed1795586300572,
  ExceptionsPeopleAndPublication1796589666443,
  ReportClassification1796589666676,
  ReturnSubmitterRole1796589666912,
  QueuedWork1796589725860,
  AccessScorecardTokens1796590115496,
  CataloguePeriodLocks1796592901390,
  Notifications1796592901394,
] as const;
