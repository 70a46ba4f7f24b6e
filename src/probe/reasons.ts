// Why a hello, a version check or a handshake got no usable answer, as a typed value, and its words in en or nl.
import type { Lang } from '../i18n/lang.js';
import type { DialogFailure } from './session.js';
import { phaseWords } from '../smtp/phases.js';

/** The reason behind tls.version-unknown, tls.handshake-failed, tls.session-failed and friends. */
export type Why =
  | { kind: 'alert'; name: string; description: number }
  | { kind: 'closed'; bytes: number; reset: boolean; error?: string }
  /** Not TLS, or TLS that cannot be read (the parser's own English detail, kept as it is). */
  | { kind: 'unreadable'; detail: string }
  | { kind: 'timeout' }
  | { kind: 'other-version'; version: string }
  | { kind: 'unoffered-suite'; suite: string }
  /** The first hello: a ServerHello with a version or suite that was not offered. */
  | { kind: 'wrong-answer'; version: string; suite: string }
  | { kind: 'dialog'; failure: DialogFailure }
  | { kind: 'deadline' }
  | { kind: 'aborted' }
  | { kind: 'incomplete' }
  | { kind: 'no-certificate' }
  /** After a complete handshake: the first command inside TLS (QUIT) got `after` (an alert, a close) instead of an answer. */
  | { kind: 'after-handshake'; version: string; after: Why }
  | { kind: 'ehlo-timeout'; version: string }
  /** A text of a library (OpenSSL through node:tls, the key-exchange check), sanitised, in its own words. */
  | { kind: 'text'; text: string };

type Words = Record<Lang, string>;
const W = {
  reset: { en: 'connection reset by the server', nl: 'verbinding door de server verbroken (reset)' },
  closed: { en: 'connection closed', nl: 'verbinding gesloten' },
  noAnswer: { en: 'without an answer', nl: 'zonder antwoord' },
  afterBytes: { en: "after {n} bytes of the server's reply", nl: 'na {n} bytes van het antwoord van de server' },
  unreadable: { en: 'unreadable answer', nl: 'onleesbaar antwoord' },
  timeout: { en: 'no answer to the ClientHello in time', nl: 'geen antwoord op de ClientHello binnen de tijd' },
  otherVersion: { en: 'server answered with {v}', nl: 'server antwoordde met {v}' },
  unoffered: { en: 'server chose suite {s} that was not offered', nl: 'server koos suite {s} die niet was aangeboden' },
  wrong: { en: 'server chose {v} with suite {s}', nl: 'server koos {v} met suite {s}' },
  deadline: { en: 'host deadline reached', nl: 'tijdslimiet per host bereikt' },
  aborted: { en: 'aborted', nl: 'afgebroken' },
  incomplete: { en: 'incomplete answer', nl: 'onvolledig antwoord' },
  noCert: { en: 'the server sent no certificate', nl: 'de server stuurde geen certificaat' },
  afterHs: {
    en: '{why} instead of an answer to the first command after the {v} handshake',
    nl: '{why} in plaats van een antwoord op de eerste opdracht na de {v}-handshake',
  },
  ehloTimeout: { en: 'no answer to the first command inside TLS ({v}) in time', nl: 'geen antwoord op de eerste opdracht binnen TLS ({v}) binnen de tijd' },
  alert: { en: 'TLS alert {name} ({d})', nl: 'TLS-alert {name} ({d})' },
  dialogError: { en: '{code} during {phase}: {msg}', nl: '{code} tijdens {phase}: {msg}' },
  greeting: { en: 'greeting {code}', nl: 'begroeting {code}' },
  answered: { en: '{verb} answered {code}', nl: '{verb} beantwoord met {code}' },
  noLonger: { en: 'STARTTLS no longer offered', nl: 'STARTTLS niet meer aangeboden' },
} satisfies Record<string, Words>;

/** A step of the dialog or of the probe in words (`greeting` → "the greeting" / "de begroeting"). */
export const phaseText = phaseWords;

function fill(w: Words, lang: Lang, p: Record<string, string | number>): string {
  return w[lang].replace(/\{(\w+)\}/g, (m, k: string) => (p[k] === undefined ? m : String(p[k])));
}

/** The reason in words. */
export function whyText(w: Why, lang: Lang): string {
  switch (w.kind) {
    case 'alert':
      return fill(W.alert, lang, { name: w.name, d: w.description });
    case 'closed': {
      const how = w.reset ? `${W.reset[lang]} (ECONNRESET)` : w.error ? `${W.closed[lang]} (${w.error})` : W.closed[lang];
      return `${how} ${w.bytes > 0 ? fill(W.afterBytes, lang, { n: w.bytes }) : W.noAnswer[lang]}`;
    }
    case 'unreadable':
      return `${W.unreadable[lang]}: ${w.detail}`;
    case 'timeout':
      return W.timeout[lang];
    case 'other-version':
      return fill(W.otherVersion, lang, { v: w.version });
    case 'unoffered-suite':
      return fill(W.unoffered, lang, { s: w.suite });
    case 'wrong-answer':
      return fill(W.wrong, lang, { v: w.version, s: w.suite });
    case 'dialog':
      return dialogText(w.failure, lang);
    case 'deadline':
      return W.deadline[lang];
    case 'aborted':
      return W.aborted[lang];
    case 'incomplete':
      return W.incomplete[lang];
    case 'no-certificate':
      return W.noCert[lang];
    case 'after-handshake':
      return fill(W.afterHs, lang, { why: whyText(w.after, lang), v: w.version });
    case 'ehlo-timeout':
      return fill(W.ehloTimeout, lang, { v: w.version });
    case 'text':
      return w.text;
  }
}

/** A failed STARTTLS dialog in words. */
export function dialogText(f: DialogFailure, lang: Lang): string {
  switch (f.kind) {
    case 'error':
      return fill(W.dialogError, lang, { code: f.error.code, phase: phaseText(f.error.phase, lang), msg: f.error.message });
    case 'greeting':
      return fill(W.greeting, lang, { code: f.reply.code });
    case 'ehlo':
      return fill(W.answered, lang, { verb: f.verb.toUpperCase(), code: f.reply.code });
    case 'not-offered':
      return W.noLonger[lang];
    case 'starttls':
      return fill(W.answered, lang, { verb: 'STARTTLS', code: f.reply.code });
  }
}
