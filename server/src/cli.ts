import { Command, InvalidArgumentError, Option } from 'commander';
import { AppError, SignUpRequest, isDocName, roles, type Role as RoleName } from '@wethink/shared';
import { AccountService, CONNECTION_TOKEN_LIFETIME_S } from './accounts/account-service';
import { ConnectionTokens } from './accounts/tokens';
import { ConfigError, loadConfig } from './config';
import { silentLogger } from './logger';
import { exportBookToFile } from './export/export-command';
import { createBlobStore } from './figures/create-blob-store';

/** `wethink export`'s flags as commander gives them (strings; validated by the export's own schema). */
interface ExportFlags {
  book: string;
  format: string;
  out: string;
  comments: string;
  asOf?: string;
  versions?: string;
  markdown: string;
  cover?: string;
}
import { migrateData, parseDataLocation } from './migrate/migrate-data';
import { createAccountStore, createStore, openDatabase } from './server';

// Admin CLI over the same data dir (and AUTH_SECRET) as the server: users, books, members and
// connection tokens for scripts. Prints ids and tokens on stdout, one per line; errors on stderr.

const roleOption = (flags: string, description: string) =>
  new Option(flags, description).choices(roles as RoleName[]);

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number above 0');
  return parsed;
}

async function openAccounts(): Promise<{ accounts: AccountService; close: () => Promise<void> }> {
  const config = loadConfig(process.env);
  // Silent: stdout carries the command's answer; a failure surfaces as the rejected command.
  const postgres = await openDatabase(config, silentLogger);
  const store = createAccountStore(config, postgres);
  const tokens = ConnectionTokens.fromEnvironment({
    secret: config.auth.secret,
    dataDir: config.storage === 'memory' ? null : config.dataDir,
  });
  return {
    accounts: new AccountService({ store, tokens }),
    close: async () => {
      await store.close();
      await postgres?.close();
    },
  };
}

async function withAccounts(run: (accounts: AccountService) => Promise<string> | string): Promise<void> {
  const { accounts, close } = await openAccounts();
  try {
    process.stdout.write(`${await run(accounts)}\n`);
  } finally {
    await close();
  }
}

const program = new Command('wethink')
  .description(
    'wethink admin: accounts, books, members and connection tokens (DATA_DIR, AUTH_SECRET from the environment)',
  )
  .showHelpAfterError();

const user = program.command('user').description('user accounts');
user
  .command('add')
  .description('create a user; prints the user id')
  .requiredOption('--email <email>')
  .requiredOption('--name <name>')
  .requiredOption('--password <password>', 'at least 8 characters')
  .action((options: { email: string; name: string; password: string }) =>
    withAccounts(async (accounts) => {
      const request = SignUpRequest.safeParse(options);
      if (!request.success) {
        const detail = request.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`);
        throw new AppError('invalid-request', detail.join('; '));
      }
      return (await accounts.signUp(request.data)).user.id;
    }),
  );

const book = program.command('book').description('books');
book
  .command('add')
  .description('create a book owned by a user; prints the book id')
  .requiredOption('--owner <email>')
  .requiredOption('--title <title>')
  .option('--id <id>', 'a chosen id ([A-Za-z0-9_-], 1-64 characters) instead of a generated one')
  .action((options: { owner: string; title: string; id?: string }) =>
    withAccounts(async (accounts) => {
      if (options.id !== undefined && (!isDocName(options.id) || options.id.includes('/'))) {
        throw new AppError('invalid-request', `not a valid book id: ${options.id}`);
      }
      const ownerId = await accounts.userIdByEmail(options.owner);
      return (await accounts.createBook(ownerId, options.title, options.id)).id;
    }),
  );

const member = program.command('member').description('book members');
member
  .command('set')
  .description('add a user to a book, or change their role')
  .requiredOption('--book <id>')
  .requiredOption('--email <email>')
  .addOption(roleOption('--role <role>', 'owner, author, reviewer or reader').makeOptionMandatory())
  .action((options: { book: string; email: string; role: RoleName }) =>
    withAccounts(async (accounts) => {
      const userId = await accounts.userIdByEmail(options.email);
      await accounts.addMemberAsAdmin(options.book, userId, options.role);
      return `${userId} ${options.role}`;
    }),
  );
member
  .command('remove')
  .description('remove a user from a book')
  .requiredOption('--book <id>')
  .requiredOption('--email <email>')
  .action((options: { book: string; email: string }) =>
    withAccounts(async (accounts) => {
      const userId = await accounts.userIdByEmail(options.email);
      await accounts.removeMemberAsAdmin(options.book, userId);
      return `${userId} removed`;
    }),
  );

program
  .command('token')
  .description("mint a connection token for a member (its role is never more than the member's)")
  .requiredOption('--book <id>')
  .requiredOption('--email <email>')
  .addOption(roleOption('--role <role>', 'grant at most this role'))
  .option('--ttl <seconds>', 'lifetime in seconds', positiveInt, CONNECTION_TOKEN_LIFETIME_S)
  .action((options: { book: string; email: string; role?: RoleName; ttl: number }) =>
    withAccounts(async (accounts) => {
      const userId = await accounts.userIdByEmail(options.email);
      const { token } = await accounts.mintConnectionToken(userId, options.book, options.ttl, options.role);
      return token;
    }),
  );

program
  .command('migrate')
  .description(
    'copy all data to another, empty storage and verify it (row counts and values, each document’s state vector and content); stop the server first',
  )
  .requiredOption('--from <location>', 'sqlite:<DATA_DIR> or postgres://…')
  .requiredOption('--to <location>', 'sqlite:<DATA_DIR> or postgres://…')
  .action(async (options: { from: string; to: string }) => {
    const report = await migrateData({
      from: parseDataLocation(options.from),
      to: parseDataLocation(options.to),
      logger: silentLogger,
    });
    for (const { table, rows } of report.tables) process.stdout.write(`${table} ${rows}\n`);
    const total = report.tables.reduce((sum, { rows }) => sum + rows, 0);
    process.stdout.write(`documents ${report.documents}\n`);
    process.stdout.write(
      `verified: ${total} rows in ${report.tables.length} tables and ${report.documents} documents copied from ${report.from} to ${report.to}\n`,
    );
  });

program
  .command('export')
  .description('write a book as EPUB, PDF, DOCX, Markdown or HTML, from what the server has stored')
  .requiredOption('--book <id>')
  .requiredOption('--format <format>', 'epub, pdf, docx, md or html')
  .requiredOption('--out <file>')
  .option('--comments <appendix|none>', 'comment threads as an appendix per chapter, or not', 'none')
  .option('--as-of <time>', 'the book as of an ISO 8601 time (each chapter as last saved by then)')
  .option(
    '--versions <pairs>',
    'chapterId:versionId pairs, comma-separated: those chapters as those versions',
  )
  .option('--markdown <single|zip>', 'Markdown as one manuscript or a zip of one file per chapter', 'single')
  .option('--cover <imageId>', 'one of the book\u2019s images as the cover')
  .action(async (options: ExportFlags) => {
    const config = loadConfig(process.env);
    const postgres = await openDatabase(config, silentLogger);
    const store = createStore(config, postgres);
    const accounts = createAccountStore(config, postgres);
    const blobs = createBlobStore(config, store, postgres);
    try {
      const bytes = await exportBookToFile({
        store,
        accounts,
        blobs,
        bookId: options.book,
        format: options.format,
        out: options.out,
        options: {
          comments: options.comments,
          markdown: options.markdown,
          ...(options.asOf ? { asOf: options.asOf } : {}),
          ...(options.versions ? { versions: options.versions } : {}),
          ...(options.cover ? { cover: options.cover } : {}),
        },
        now: new Date(),
      });
      process.stdout.write(`${options.out} ${bytes}\n`);
    } finally {
      await blobs.close();
      await accounts.close();
      await store.close();
      await postgres?.close();
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof AppError || error instanceof ConfigError) {
    process.stderr.write(`wethink: ${error.message}\n`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  }
  throw error;
}
