import 'reflect-metadata';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AccessModule, AccessService } from '../libs/access/index.js';
import { CatalogueModule, CatalogueService } from '../libs/catalogue/index.js';
import { AppConfig, ConfigError, ConfigModule, loadConfig } from '../libs/config/index.js';
import { DatabaseModule } from '../libs/database/index.js';
import {
  createUserFromOptions,
  parseUserCreateArgs,
  passwordFromInput,
  USER_CREATE_USAGE,
  UsageError,
  UserCreateError,
} from './user-create-command.js';
import { assertDatabaseReady, PreflightError } from './database-preflight.js';

@Module({})
class UserCreateModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: UserCreateModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, AccessModule, CatalogueModule],
    };
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) console.error('Type the password and press Enter, then Ctrl-D:');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Creates a user (the first admin too: there is no default password anywhere). */
async function main(): Promise<number> {
  const options = parseUserCreateArgs(process.argv.slice(2));
  const password = options.passwordFromStdin ? passwordFromInput(await readStdin()) : null;
  const config = loadConfig(process.env);
  await assertDatabaseReady(config.databaseUrl);
  const app = await NestFactory.createApplicationContext(UserCreateModule.forRoot(config), {
    logger: ['error', 'warn'],
  });
  try {
    const { user, groupCodes, generatedPassword } = await createUserFromOptions(options, password, {
      access: app.get(AccessService),
      catalogue: app.get(CatalogueService),
    });
    console.log(
      `Created ${user.role} ${user.email} (${user.displayName})${groupCodes.length ? ` for ${groupCodes.join(', ')}` : ''}.`,
    );
    if (generatedPassword) {
      console.log(`Password (shown once; it is stored only as a hash): ${generatedPassword}`);
    }
    return 0;
  } finally {
    await app.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USER_CREATE_USAGE}`);
      process.exit(2);
    }
    if (error instanceof UserCreateError || error instanceof ConfigError || error instanceof PreflightError) {
      console.error(error.message);
      process.exit(1);
    }
    console.error(`Could not create the user: ${(error as Error).message}`);
    process.exit(1);
  },
);
