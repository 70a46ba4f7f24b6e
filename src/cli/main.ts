// The mailtls command line: a thin commander layer; every command lives in commands/<name>.ts over the library API.
import { Command, CommanderError, Help, type Argument, type Option } from 'commander';
import { ui } from './catalog.js';
import { resolveLang, type Lang } from '../i18n/lang.js';
import { helpLang } from './context.js';
import { reportError } from './output.js';
import { sanitize } from '../net/sanitize.js';
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

/** commander's own help words (section titles, "default:", "[options]") in `lang`; everything else is ours already. */
function commanderWords(lang: Lang): Partial<Help> {
  const t = (k: string): string => ui(`help.commander.${k}`, lang);
  const titles: Record<string, string> = {
    'Usage:': t('usage'),
    'Options:': t('options'),
    'Arguments:': t('arguments'),
    'Commands:': t('commands'),
    'Global Options:': t('global'),
  };
  const notes = (s: string): string => s.replace(/\(default: /g, `(${t('default')} `).replace(/\(choices: /g, `(${t('choices')} `);
  const terms = (s: string): string => s.replace('[options]', t('options-term')).replace('[command]', t('command-term'));
  return {
    styleTitle: (s: string) => titles[s] ?? s,
    commandUsage: (cmd: Command) => terms(Help.prototype.commandUsage.call(new Help(), cmd)),
    subcommandTerm: (cmd: Command) => terms(Help.prototype.subcommandTerm.call(new Help(), cmd)),
    optionDescription: (o: Option) => notes(Help.prototype.optionDescription.call(new Help(), o)),
    argumentDescription: (a: Argument) => notes(Help.prototype.argumentDescription.call(new Help(), a)),
  };
}

/** commander's usage errors in Dutch too (the common ones); anything else stays as commander wrote it. */
function commanderError(msg: string, lang: Lang): string {
  if (lang === 'en') return msg;
  const rules: [RegExp, string][] = [
    [/^unknown option '([^']*)'(?: \(Did you mean (.*)\?\))?$/, "onbekende optie '$1'"],
    [/^unknown command '([^']*)'(?: \(Did you mean (.*)\?\))?$/, "onbekende opdracht '$1'"],
    [/^missing required argument '([^']*)'$/, "verplicht argument '$1' ontbreekt"],
    [/^option '([^']*)' argument missing$/, "optie '$1' mist een waarde"],
    [/^required option '([^']*)' not specified$/, "verplichte optie '$1' niet opgegeven"],
    [/^too many arguments(?: for '([^']*)')?\..*$/, 'te veel argumenten'],
  ];
  for (const [re, nl] of rules) if (re.test(msg)) return msg.replace(re, nl);
  return msg;
}

/** Which register() adds each top-level command (scan's adds `worker` too). */
const REGISTER: Record<string, (program: Command, runner: Runner) => void> = Object.assign(Object.create(null), {
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
  // --lang on the command line also sets the language of --help and of usage errors (found before commander parses)
  const at = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const given = at < 0 ? undefined : argv[at]?.startsWith('--lang=') ? argv[at]?.slice(7) : argv[at + 1];
  let lang = helpLang();
  try {
    if (given) lang = resolveLang(given);
  } catch {
    /* reported by the command itself */
  }
  program
    .name('mailtls')
    .description(ui('help.program.description', lang))
    .version(VERSION, '-V, --version', ui('help.commander.version', lang))
    .helpOption('-h, --help', ui('help.commander.help', lang))
    .helpCommand('help [command]', ui('help.commander.help', lang))
    // a usage error is one line on stderr: commander's message and the --help hint together
    .configureOutput({
      outputError: (str, write) =>
        write(
          `mailtls: ${commanderError(
            str
              .trim()
              .replace(/^error: /, '')
              .replace(/\s*\n\s*/g, ' '),
            lang,
          )} ${ui('help.commander.after-error', lang)}\n`,
        ),
    })
    .exitOverride();
  if (lang !== 'en') program.configureHelp(commanderWords(lang)); // subcommands inherit it
  // `mailtls <command> ...` registers only that command (its options and help are all a run of it needs); anything else
  // (no command, an option first, `help`, a typo) registers every command, for the list, `help <command>` and suggestions
  const only = REGISTER[argv[2] ?? ''];
  for (const reg of only ? [only] : [probe, listen, send, registry, logs, explain, scan, lab, report]) reg(program, runner);
  // `mailtls help bogus` is a usage error, not the program's help with exit 0
  const helpFor = argv[2] === 'help' ? argv[3] : undefined;
  if (helpFor !== undefined && !helpFor.startsWith('-') && !program.commands.some((c) => c.name() === helpFor || c.aliases().includes(helpFor))) {
    process.stderr.write(`mailtls: ${ui('cli.help.unknown-command', lang, { name: sanitize(helpFor, 60) })}\n`);
    return EXIT.FAILED;
  }
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
