// What every command handler receives from the global options: the language and whether to print JSON.
import { resolveLang, type Lang } from '../i18n/lang.js';
import { MailtlsError } from '../errors.js';

export interface GlobalOpts {
  lang?: string;
  json?: boolean;
}

/** Resolves the language from --lang/LANG, turning a bad value into a usage error. */
export function langOf(opts: GlobalOpts): Lang {
  try {
    return resolveLang(opts.lang);
  } catch (e) {
    throw new MailtlsError('EUSAGE', (e as Error).message);
  }
}

/**
 * Runs a command body and records its exit status; the body returns 0/1 and throws for "could not complete" (2).
 * Commands never call process.exit: main() returns the status so cleanup runs.
 */
export type Handler = () => Promise<number>;

/** The language --lang gave on the command line being run (set by runCli() before the commands register), if any. */
let argvLang: Lang | undefined;

/** Sets (or clears) the language --lang gave on the command line: the help texts follow it (see helpLang()). */
export function setArgvLang(lang: Lang | undefined): void {
  argvLang = lang;
}

/**
 * The language for --help texts: --lang of the command line when it gave a good one (`mailtls scan --lang nl --help`
 * is Dutch throughout, not commander's words alone), else LANG/LC_ALL when it names en or nl, else English (never
 * throws).
 */
export function helpLang(): Lang {
  if (argvLang) return argvLang;
  try {
    return resolveLang(undefined);
  } catch {
    return 'en';
  }
}
