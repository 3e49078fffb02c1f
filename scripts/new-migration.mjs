// Usage: npm run migration:create -- add-report-calendar
// Writes migrations/<timestamp>-<name>.ts with empty up/down and appends it to migrations/index.ts.
import { readFileSync, writeFileSync } from 'node:fs';

const name = process.argv[2];
if (!name || !/^[a-z][a-z0-9-]*$/.test(name)) {
  console.error('Give a kebab-case name: npm run migration:create -- add-report-calendar');
  process.exit(1);
}
const timestamp = Date.now();
const className = name.replace(/(^|-)([a-z0-9])/g, (_, __, c) => c.toUpperCase()) + timestamp;
const file = `${timestamp}-${name}`;
writeFileSync(
  `migrations/${file}.ts`,
  `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
    await db.query(\`\`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(\`\`);
  }
}
`,
);
const indexPath = 'migrations/index.ts';
let index = readFileSync(indexPath, 'utf8');
index = index.replace(/(\n\n\/\*\*)/, `\nimport { ${className} } from './${file}.js';$1`);
// The list is one class per line, each with a trailing comma (Prettier's layout).
index = index.replace(/\n\] as const;/, `\n  ${className},\n] as const;`);
writeFileSync(indexPath, index);
console.log(`Created migrations/${file}.ts and listed it in migrations/index.ts`);
