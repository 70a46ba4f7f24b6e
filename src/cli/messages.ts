// Finding texts and human-interface strings shared by every command (options, input errors), in English and Dutch.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

export const findings = defineCatalog({});

export const ui: Record<string, Text> = {
  'cli.opt.json': {
    en: 'print one machine-readable JSON document on stdout and nothing else',
    nl: 'druk één machineleesbaar JSON-document af op stdout en verder niets',
  },
  'cli.opt.lang': {
    en: 'language of human-readable text: en or nl (default: from LC_ALL / LANG)',
    nl: 'taal van de leesbare tekst: en of nl (standaard: uit LC_ALL / LANG)',
  },
  'cli.input.empty': {
    en: 'no text to explain: pass it as an argument, or pipe it on stdin',
    nl: 'geen tekst om uit te leggen: geef die op als argument of stuur die via stdin',
  },
  'cli.input.tty': {
    en: 'no text given: pass the error text as an argument, or pipe it on stdin (e.g. pbpaste | mailtls explain)',
    nl: 'geen tekst opgegeven: geef de fouttekst op als argument of stuur die via stdin (bijv. pbpaste | mailtls explain)',
  },
  'cli.input.too-large': {
    en: 'input is larger than {max} bytes; for whole log files use mailtls logs',
    nl: 'de invoer is groter dan {max} bytes; gebruik voor volledige logbestanden mailtls logs',
  },
  'cli.input.binary': {
    en: 'input looks binary (it contains NUL bytes); paste the text of the NDR or log instead',
    nl: 'de invoer lijkt binair (bevat NUL-bytes); plak in plaats daarvan de tekst van de NDR of het logboek',
  },
  'cli.severity.error': { en: 'ERROR', nl: 'FOUT' },
  'cli.severity.warning': { en: 'WARN', nl: 'WAARSCH' },
  'cli.severity.info': { en: 'INFO', nl: 'INFO' },
  'cli.opt.html': {
    en: 'also write a self-contained HTML report of the result to this file',
    nl: 'schrijf ook een zelfstandig HTML-rapport van het resultaat naar dit bestand',
  },
};
