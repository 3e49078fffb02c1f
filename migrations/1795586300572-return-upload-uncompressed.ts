import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Uploads are kept as they came, without PostgreSQL's own compression: an .xlsx is already a zip, so
 * trying to compress it again only costs time (a 13 MB return was written in 230 ms, 55 ms without).
 * Rows already stored stay as they are.
 */
export class ReturnUploadUncompressed1795586300572 implements MigrationInterface {
  name = 'ReturnUploadUncompressed1795586300572';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE return_upload ALTER COLUMN content SET STORAGE EXTERNAL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE return_upload ALTER COLUMN content SET STORAGE EXTENDED`);
  }
}
