// The commander program behind `mailtls`: global options, help and usage errors in both languages, the commands given to it.
import { Command, CommanderError, Help, type Argument, type Option } from 'commander';
import { ui } from './catalog.js';
import { resolveLang, type Lang } from '../i18n/lang.js';
import { helpLang, setArgvLang } from './context.js';
import { reportError, writeStdoutNow } from './output.js';
import { sanitize } from '../net/sanitize.js';
import { EXIT } from '../errors.js';
import { VERSION } from '../version.js';

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

/** Adds one top-level command (or two: scan's adds `worker` too) to the program. */
export type Register = (program: Command, runner: Runner) => void;

/**
 * Runs the command line `argv` with the commands of `byName` (which register() adds each top-level command name) and
 * `all` (every register(), in help order). `mailtls <command> ...` registers only that command; anything else (no
 * command, an option first, `help`, a typo) registers all of them, for the list, `help <command>` and suggestions.
 */
export async function runCli(argv: string[], byName: Readonly<Record<string, Register>>, all: readonly Register[]): Promise<number> {
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
  setArgvLang(undefined);
  let lang = helpLang();
  try {
    if (given) lang = resolveLang(given);
  } catch {
    /* reported by the command itself */
  }
  // the commands' option and description texts (registered below) in that language too
  if (given) setArgvLang(lang);
  program
    .name('mailtls')
    .description(ui('help.program.description', lang))
    .version(VERSION, '-V, --version', ui('help.commander.version', lang))
    .helpOption('-h, --help', ui('help.commander.help', lang))
    .helpCommand('help [command]', ui('help.commander.help', lang))
    // a usage error is one line on stderr: commander's message and the --help hint together
    .configureOutput({
      writeOut: writeStdoutNow,
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
  // (only the command run: its options and help are all a run of it needs)
  const only = Object.hasOwn(byName, argv[2] ?? '') ? byName[argv[2] as string] : undefined;
  for (const reg of only ? [only] : all) reg(program, runner);
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
