// Finding texts and human-interface strings of send, in English and Dutch (merged by src/cli/catalog.ts).
// send also reports the shared SMTP/STARTTLS/TLS ids defined with the probe (smtp.*, starttls.*, tls.handshake-failed).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';
import * as smtp from '../smtp/messages.js';
import * as tls from '../tls/messages.js';

export const findings = defineCatalog({
  'send.tls-version-refused': {
    severity: 'error',
    title: { en: 'Server refuses TLS 1.2 and 1.3', nl: 'Server weigert TLS 1.2 en 1.3' },
    message: {
      en: '{endpoint} refused a TLS 1.2/1.3 handshake ({reason}): it speaks only older TLS versions, so Exchange Online cannot deliver (421 4.4.2 Connection dropped due to SocketError).',
      nl: '{endpoint} weigerde een TLS 1.2/1.3-handshake ({reason}): de server spreekt alleen oudere TLS-versies, dus Exchange Online kan niet afleveren (421 4.4.2 Connection dropped due to SocketError).',
    },
    cause: {
      en: 'TLS 1.2 is disabled for the server side (SCHANNEL TLS 1.2\\Server on Windows, smtpd_tls_protocols in Postfix) or the software is too old.',
      nl: 'TLS 1.2 staat uit aan de serverkant (SCHANNEL TLS 1.2\\Server op Windows, smtpd_tls_protocols in Postfix) of de software is te oud.',
    },
    fix: {
      en: 'Enable TLS 1.2 for the server side and restart; then run mailtls send again.',
      nl: 'Zet TLS 1.2 aan voor de serverkant en herstart; voer daarna mailtls send opnieuw uit.',
    },
    next: 'mailtls probe <host>',
  },
  'send.tls-not-exchange-online': {
    severity: 'error',
    title: { en: 'Delivered with TLS Exchange Online does not use', nl: 'Afgeleverd met TLS die Exchange Online niet gebruikt' },
    message: {
      en: '{endpoint} negotiated {version} with {cipher}: the opportunistic policy went on, but Exchange Online never sends with it (TLS 1.2+ and its suites only), so its mail to this server fails.',
      nl: '{endpoint} onderhandelde {version} met {cipher}: het opportunistische beleid ging door, maar Exchange Online verstuurt daar nooit mee (alleen TLS 1.2+ en zijn suites), dus zijn mail naar deze server mislukt.',
    },
    cause: {
      en: "The server offers only TLS 1.0/1.1 (or only suites outside Exchange Online's list); listen --policy opportunistic judges such a session the same way.",
      nl: "De server biedt alleen TLS 1.0/1.1 aan (of alleen suites buiten de lijst van Exchange Online); listen --policy opportunistic beoordeelt zo'n sessie op dezelfde manier.",
    },
    fix: {
      en: 'Enable TLS 1.2 with TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 / _128_GCM_SHA256 on the server; then run mailtls send again without --policy.',
      nl: 'Zet TLS 1.2 met TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 / _128_GCM_SHA256 aan op de server; voer daarna mailtls send opnieuw uit zonder --policy.',
    },
    next: 'mailtls probe <host>',
  },
  'send.tls-suites-refused': {
    severity: 'error',
    title: { en: 'No cipher suite in common with Exchange Online', nl: 'Geen cipher suite gemeen met Exchange Online' },
    message: {
      en: "{endpoint} ended the handshake although TLS 1.2/1.3 was offered with Exchange Online's suites ({reason}): it accepts none of them.",
      nl: '{endpoint} brak de handshake af hoewel TLS 1.2/1.3 met de suites van Exchange Online werd aangeboden ({reason}): het accepteert er geen van.',
    },
    fix: {
      en: 'Enable TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 with an RSA certificate.',
      nl: 'Zet TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 en TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 aan, met een RSA-certificaat.',
    },
    next: 'mailtls probe <host>',
  },
  'send.rejected': {
    severity: 'error',
    title: { en: 'Server refused the test message', nl: 'Server weigerde het testbericht' },
    message: { en: '{endpoint} answered {phase} with: {reply}', nl: '{endpoint} beantwoordde {phase} met: {reply}' },
  },
  'send.plaintext': {
    severity: 'warning',
    title: { en: 'Sent without TLS', nl: 'Verstuurd zonder TLS' },
    message: {
      en: '{endpoint} does not offer STARTTLS; the opportunistic policy continued without encryption (Exchange Online with TLS enforced would not).',
      nl: '{endpoint} biedt geen STARTTLS aan; het opportunistische beleid ging onversleuteld verder (Exchange Online met afgedwongen TLS zou dat niet doen).',
    },
  },
  'send.tls-ok': {
    severity: 'info',
    title: { en: 'TLS negotiated', nl: 'TLS onderhandeld' },
    message: { en: '{endpoint} negotiated {version} with {cipher}.', nl: '{endpoint} onderhandelde {version} met {cipher}.' },
  },
  'send.delivered': {
    severity: 'info',
    title: { en: 'Test message accepted', nl: 'Testbericht geaccepteerd' },
    message: { en: '{endpoint} accepted the test message: {reply}', nl: '{endpoint} accepteerde het testbericht: {reply}' },
  },
});

export const ui: Record<string, Text> = {
  'send.description': {
    en: 'Send one test message the way Exchange Online sends (STARTTLS required, TLS 1.2+ with its suites) and show where it fails',
    nl: 'Verstuur één testbericht zoals Exchange Online verstuurt (STARTTLS verplicht, TLS 1.2+ met zijn suites) en toon waar het misgaat',
  },
  'send.transcript': { en: 'Transcript', nl: 'Transcript' },
  'send.tls': { en: 'TLS', nl: 'TLS' },
  'send.none': { en: 'none', nl: 'geen' },
  'send.result': { en: 'Result', nl: 'Resultaat' },
  'send.pass': { en: 'PASS: the message was accepted over {version}', nl: 'GOED: het bericht is geaccepteerd via {version}' },
  'send.pass-plain': { en: 'PASS: the message was accepted without TLS', nl: 'GOED: het bericht is geaccepteerd zonder TLS' },
  'send.fail': { en: 'FAIL at {phase}: {reason}', nl: 'MISLUKT bij {phase}: {reason}' },
  'send.inconclusive': { en: 'COULD NOT TEST ({phase}): {reason}', nl: 'NIET TE TESTEN ({phase}): {reason}' },
};

/** What send renders: its own texts and the SMTP/TLS entries it shares with probe. */
export const { finding, entry, text } = catalogue({ name: 'send', findings, ui }, { name: 'smtp', ...smtp }, { name: 'tls', ...tls });
/** A finding id this capability renders. */
export type FindingId = Parameters<typeof finding>[0];
