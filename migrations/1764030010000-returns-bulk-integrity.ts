import { MigrationInterface, QueryRunner } from 'typeorm';

const RETURN_VALUE_KEYS = [
  ['return_id', 'indicator_return'],
  ['indicator_id', 'indicator'],
  ['area_id', 'area'],
] as const;
const CURRENT_VALUE_KEYS = RETURN_VALUE_KEYS;

/**
 * Foreign key checks were most of the database's work for a large return: six per value, each a query
 * of its own, about 7.5 of 10 CPU seconds for 300,000 values (bench/ingest.bench.ts).
 *
 * return_value now checks what its new rows name once per statement, one query per referenced table
 * over all the statement's rows, instead of once per row. Nothing deletes the rows it names: returns
 * and values are history, and the product deletes no indicator or area (SPEC 2: "Nothing is deleted
 * silently"), as the exception tables already assume (1764030008000-exceptions).
 *
 * current_value keeps no references of its own: ReturnsStore fills it only from the rows it has just
 * written to return_value, in the same transaction, so return_value's check covers it.
 */
export class ReturnsBulkIntegrity1764030010000 implements MigrationInterface {
  name = 'ReturnsBulkIntegrity1764030010000';

  async up(db: QueryRunner): Promise<void> {
    for (const [column] of CURRENT_VALUE_KEYS) {
      await db.query(`ALTER TABLE current_value DROP CONSTRAINT current_value_${column}_fkey`);
    }
    for (const [column] of RETURN_VALUE_KEYS) {
      await db.query(`ALTER TABLE return_value DROP CONSTRAINT return_value_${column}_fkey`);
    }
    await db.query(`
      CREATE FUNCTION return_value_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        missing text;
      BEGIN
        ${RETURN_VALUE_KEYS.map(
          ([column, table]) => `
        IF missing IS NULL THEN
          SELECT '${table} ' || named.id INTO missing
            FROM (SELECT DISTINCT ${column} AS id FROM added) named
           WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.id = named.id)
           LIMIT 1;
        END IF;`,
        ).join('')}
        IF missing IS NOT NULL THEN
          RAISE EXCEPTION 'return_value names % that does not exist', missing USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END
      $$`);
    await db.query(`
      CREATE TRIGGER return_value_references AFTER INSERT ON return_value
        REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION return_value_check_references()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER return_value_references ON return_value`);
    await db.query(`DROP FUNCTION return_value_check_references()`);
    for (const [column, table] of RETURN_VALUE_KEYS) {
      await db.query(
        `ALTER TABLE return_value ADD CONSTRAINT return_value_${column}_fkey FOREIGN KEY (${column}) REFERENCES ${table}(id)`,
      );
    }
    for (const [column, table] of CURRENT_VALUE_KEYS) {
      await db.query(
        `ALTER TABLE current_value ADD CONSTRAINT current_value_${column}_fkey FOREIGN KEY (${column}) REFERENCES ${table}(id)`,
      );
    }
  }
}
