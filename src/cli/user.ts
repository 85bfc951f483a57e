import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { type AccountCommandDeps, grantAdmin, registerAccount } from '../commands/accounts/index.js';
import type { CommandContext } from '../commands/handleCommand.js';
import { subcommand } from '../commands/oauth/deps.js';
import { createKeyRing } from '../crypto/keyRing.js';
import { loadMasterKey } from '../crypto/masterKey.js';
import { IdGenerator } from '../domain/shared/ids.js';
import { type CliContext, type OpenContext, withContext } from './context.js';

/** The account use cases' deps from a CLI context: the key ring comes from the same master key as the server's. */
export async function accountDeps(context: CliContext): Promise<AccountCommandDeps> {
  const keys = createKeyRing(context.db, await loadMasterKey(context.config));
  const { config, db, eventStore, projections } = context;
  return { config, db, eventStore, projections, ids: new IdGenerator(), keys };
}

/** Commands run from the CLI act as the system (no actor). */
export function cliCommandContext(): CommandContext {
  const id = `cli:${randomUUID()}`;
  return { commandId: id, actor: null, correlationId: id, causationId: null, time: new Date() };
}

export function registerUserCommands(program: Command, open: OpenContext): void {
  const user = program.command('user').description('Manage local users');
  user
    .command('new')
    .description('Create a confirmed, active local account (even while registrations are closed)')
    .argument('<nickname>')
    .argument('<email>')
    .requiredOption('--password <password>', 'the initial password')
    .option('--admin', 'grant the admin role', false)
    .action((nickname: string, email: string, options: { password: string; admin: boolean }) =>
      withContext(open, async (cli) => {
        // The use cases read back what they wrote, so this process projects while it works.
        await cli.projections.start();
        try {
          const deps = await accountDeps(cli);
          const context = cliCommandContext();
          const input = { nickname, email, password: options.password, byAdmin: true };
          const account = await registerAccount(deps, input, context);
          if (options.admin) await grantAdmin(deps, account.id, subcommand(context, 'grant-admin'));
          process.stdout.write(
            `Created ${account.nickname} (id ${account.id})${options.admin ? ', admin' : ''}\n`,
          );
        } finally {
          await cli.projections.stop();
        }
      }),
    );
}
