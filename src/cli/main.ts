import { Command } from 'commander';
import { ConfigError } from '../config.js';
import { ANNALS_VERSION } from '../version.js';
import { registerAuditCommands } from './audit.js';
import { openContext } from './context.js';
import { registerProjectionCommands } from './projections.js';
import { registerUserCommands } from './user.js';

/**
 * The `annals` command (bin/annals.js runs this file through tsx). Each area registers its commands with
 * one line below; they open what they need through `openContext` and close it before returning.
 */
const program = new Command('annals')
  .description('Annals administration: projections, users, audit history')
  .version(ANNALS_VERSION)
  .showHelpAfterError();

registerProjectionCommands(program, openContext);
registerUserCommands(program, openContext);
registerAuditCommands(program, openContext);

let exitCode = 0;
try {
  await program.parseAsync(process.argv);
} catch (error) {
  // Expected failures (bad configuration, unknown projection, rebuild already running) read as one line.
  const message = error instanceof ConfigError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`annals: ${message}\n`);
  if (!(error instanceof ConfigError) && process.env.LOG_LEVEL === 'debug') console.error(error);
  exitCode = 1;
}
// Exit with the outcome now, even if something a command opened would keep the process alive.
process.exit(exitCode);
