// The mailtls command line: a thin commander layer; every command lives in commands/<name>.ts over the library API.
import { Command, CommanderError } from 'commander';
import { reportError } from './output.js';
import { EXIT } from '../errors.js';
import { VERSION } from '../version.js';
import { register as probe } from './commands/probe.js';
import { register as listen } from './commands/listen.js';
import { register as send } from './commands/send.js';
import { register as registry } from './commands/registry.js';
import { register as logs } from './commands/logs.js';
import { register as explain } from './commands/explain.js';
import { register as scan } from './commands/scan.js';
import { register as lab } from './commands/lab.js';
import { register as report } from './commands/report.js';

/** Sets the exit status a command computed; shared by every command. */
export interface Runner {
  run(body: () => Promise<number>): Promise<void>;
}

export async function main(argv: string[]): Promise<number> {
  let status: number = EXIT.OK;
  const runner: Runner = {
    async run(body) {
      try {
        status = await body();
      } catch (e) {
        status = reportError(e);
      }
    },
  };
  const program = new Command();
  program
    .name('mailtls')
    .description('Find out which mail server breaks TLS mail flow with Exchange Online, why, how to fix it, and prove the fix.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage and examples)')
    .exitOverride();
  for (const reg of [probe, listen, send, registry, logs, explain, scan, lab, report]) reg(program, runner);
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.OK;
      return EXIT.FAILED;
    }
    return reportError(e);
  }
  return status;
}
