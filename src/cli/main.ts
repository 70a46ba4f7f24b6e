// The mailtls command line: a thin commander layer (program.ts); every command lives in commands/<name>.ts over the library API.
import { runCli, type Register } from './program.js';
import { register as probe } from './commands/probe.js';
import { register as listen } from './commands/listen.js';
import { register as send } from './commands/send.js';
import { register as registry } from './commands/registry.js';
import { register as logs } from './commands/logs.js';
import { register as explain } from './commands/explain.js';
import { register as scan } from './commands/scan.js';
import { register as lab } from './commands/lab.js';
import { register as report } from './commands/report.js';

export type { Runner } from './program.js';

/** Which register() adds each top-level command (scan's adds `worker` too). */
export const COMMANDS: Readonly<Record<string, Register>> = Object.assign(Object.create(null), {
  probe,
  listen,
  send,
  registry,
  logs,
  explain,
  scan,
  worker: scan,
  lab,
  report,
});

/** Runs `mailtls` with the command line `argv` (process.argv's shape); resolves to the exit status. */
export function main(argv: string[]): Promise<number> {
  return runCli(argv, COMMANDS, [probe, listen, send, registry, logs, explain, scan, lab, report]);
}
