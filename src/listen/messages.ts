// Finding texts and human-interface strings of receiver, in English and Dutch (merged by src/cli/catalog.ts).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';
import * as connector from './connector-messages.js';

export const findings = defineCatalog({
  'listen.tls-version-refused': {
    severity: 'error',
    title: { en: 'Sender offers no TLS version Exchange Online accepts', nl: 'Verzender biedt geen TLS-versie aan die Exchange Online accepteert' },
    message: {
      en: '{remote} offered at most {maxVersion} ({versions}); Exchange Online accepts only TLS 1.2 and later and drops the connection (TLS alert {alert}), so the sender logs "TLS negotiation failed with error SocketError" and queues with 421 4.4.2.',
      nl: '{remote} bood hoogstens {maxVersion} aan ({versions}); Exchange Online accepteert alleen TLS 1.2 en hoger en verbreekt de verbinding (TLS-alert {alert}), waarna de verzender "TLS negotiation failed with error SocketError" logt en de berichten met 421 4.4.2 in de wachtrij houdt.',
    },
    cause: {
      en: 'TLS 1.2 is disabled or missing on the sending server (SCHANNEL TLS 1.2\\Client key, .NET SystemDefaultTlsVersions, an old appliance firmware or an MTA pinned to TLS 1.0/1.1).',
      nl: 'TLS 1.2 staat uit of ontbreekt op de verzendende server (SCHANNEL-sleutel TLS 1.2\\Client, .NET SystemDefaultTlsVersions, oude firmware van een apparaat of een MTA die op TLS 1.0/1.1 is vastgezet).',
    },
    fix: {
      en: 'Enable TLS 1.2 for the client side of the sender (on Windows: the TLS 1.2\\Client registry values and the .NET keys, then restart), or update the device; send again to this listener to prove it.',
      nl: 'Zet TLS 1.2 aan voor de clientkant van de verzender (op Windows: de registerwaarden onder TLS 1.2\\Client en de .NET-sleutels, daarna herstarten), of werk het apparaat bij; stuur daarna opnieuw naar deze listener als bewijs.',
    },
    next: 'mailtls registry --live',
  },
  'listen.tls-version-outside-policy': {
    severity: 'error',
    title: { en: 'Sender offers no TLS version this connector accepts', nl: 'Verzender biedt geen TLS-versie aan die deze connector accepteert' },
    message: {
      en: '{remote} offered {versions}; this receive connector accepts only {accepted}, so it refused the handshake (TLS alert {alert}).',
      nl: '{remote} bood {versions} aan; deze connector voor ontvangst accepteert alleen {accepted} en weigerde daarom de handshake (TLS-alert {alert}).',
    },
    cause: {
      en: 'The sender and the receive connector have no TLS version in common (SCHANNEL Client keys on the sender, Server keys on the receiver).',
      nl: 'Verzender en connector voor ontvangst hebben geen TLS-versie gemeen (SCHANNEL-sleutels Client op de verzender, Server op de ontvanger).',
    },
    next: 'mailtls registry --live',
  },
  'listen.tls-suites-refused': {
    severity: 'error',
    title: { en: "Sender offers none of Exchange Online's cipher suites", nl: 'Verzender biedt geen van de cipher suites van Exchange Online aan' },
    message: {
      en: "{remote} offered {maxVersion} but none of Exchange Online's cipher suites ({suites} suites offered); the handshake fails (TLS alert {alert}).",
      nl: '{remote} bood {maxVersion} aan maar geen van de cipher suites van Exchange Online ({suites} suites aangeboden); de handshake mislukt (TLS-alert {alert}).',
    },
    cause: {
      en: "The sender's cipher suite order or policy leaves out the ECDHE_RSA AES-GCM/CBC and RSA AES-GCM suites Exchange Online uses.",
      nl: 'De cipher-suitevolgorde of het beleid van de verzender laat de ECDHE_RSA AES-GCM/CBC- en RSA AES-GCM-suites weg die Exchange Online gebruikt.',
    },
    fix: {
      en: 'Enable at least TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 and TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 on the sender.',
      nl: 'Zet op de verzender ten minste TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 en TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 aan.',
    },
    next: 'mailtls registry --live',
  },
  'listen.no-starttls': {
    severity: 'error',
    title: { en: 'Sender sends mail without STARTTLS', nl: 'Verzender verstuurt mail zonder STARTTLS' },
    message: {
      en: '{remote} sent {command} without starting TLS; the answer was: {reply}',
      nl: '{remote} stuurde {command} zonder eerst TLS te starten; het antwoord was: {reply}',
    },
    cause: {
      en: 'The send connector or MTA does not use STARTTLS (or fell back to plaintext after a failed handshake); a connector that enforces TLS answers 451 5.7.3.',
      nl: 'De connector voor verzenden of de MTA gebruikt geen STARTTLS (of viel na een mislukte handshake terug op onversleuteld); een connector die TLS afdwingt antwoordt met 451 5.7.3.',
    },
    fix: {
      en: 'Require TLS on the sender (Exchange: Set-SendConnector -RequireTLS $true; Postfix: smtp_tls_security_level = encrypt) and make sure TLS 1.2 works.',
      nl: 'Dwing TLS af op de verzender (Exchange: Set-SendConnector -RequireTLS $true; Postfix: smtp_tls_security_level = encrypt) en zorg dat TLS 1.2 werkt.',
    },
  },
  'listen.tls-handshake-failed': {
    severity: 'error',
    title: { en: 'TLS handshake failed', nl: 'TLS-handshake mislukt' },
    message: {
      en: 'The TLS handshake with {remote} failed after its ClientHello was accepted: {reason}',
      nl: 'De TLS-handshake met {remote} mislukte nadat de ClientHello was geaccepteerd: {reason}',
    },
  },
  'listen.certificate-rejected': {
    severity: 'warning',
    title: { en: "Sender rejected the listener's certificate", nl: 'Verzender weigerde het certificaat van de listener' },
    message: {
      en: "{remote} ended the handshake because it does not trust this listener's certificate ({reason}); it verifies certificates, so run listen with --cert/--key from a CA it trusts to test the TLS version.",
      nl: '{remote} brak de handshake af omdat het het certificaat van deze listener niet vertrouwt ({reason}); de verzender controleert certificaten, start listen dus met --cert/--key van een CA die het vertrouwt om de TLS-versie te testen.',
    },
  },
  'listen.tls-malformed': {
    severity: 'error',
    title: { en: 'No TLS ClientHello after STARTTLS', nl: 'Geen TLS-ClientHello na STARTTLS' },
    message: {
      en: '{remote} sent something other than a TLS ClientHello after STARTTLS: {reason}',
      nl: '{remote} stuurde na STARTTLS iets anders dan een TLS-ClientHello: {reason}',
    },
  },
  'listen.tls-timeout': {
    severity: 'warning',
    title: { en: 'TLS handshake not completed in time', nl: 'TLS-handshake niet op tijd voltooid' },
    message: {
      en: '{remote} asked for STARTTLS but did not complete the handshake before the deadline.',
      nl: '{remote} vroeg om STARTTLS maar voltooide de handshake niet voor de deadline.',
    },
  },
  'listen.tls-ok': {
    severity: 'info',
    title: { en: 'TLS negotiated', nl: 'TLS onderhandeld' },
    message: { en: '{remote} negotiated {version} with {cipher}.', nl: '{remote} onderhandelde {version} met {cipher}.' },
  },
  'listen.starttls-pipelined': {
    severity: 'warning',
    title: { en: 'Data sent after STARTTLS before the handshake', nl: 'Gegevens verstuurd na STARTTLS vóór de handshake' },
    message: {
      en: '{remote} sent {bytes} bytes after STARTTLS before the TLS handshake; they were discarded (this is the CVE-2011-0411 command-injection pattern, or a broken client).',
      nl: '{remote} stuurde {bytes} bytes na STARTTLS vóór de TLS-handshake; die zijn weggegooid (dit is het patroon van command injection, CVE-2011-0411, of een kapotte client).',
    },
  },
  'listen.limit': {
    severity: 'warning',
    title: { en: 'Session limit reached', nl: 'Sessielimiet bereikt' },
    message: {
      en: 'The session with {remote} was closed: limit reached ({limit}).',
      nl: 'De sessie met {remote} is gesloten: limiet bereikt ({limit}).',
    },
  },
});

export const ui: Record<string, Text> = {
  'receiver.listening': {
    en: 'Listening on {address} (policy {policy}, {cert}); Ctrl-C to stop.',
    nl: 'Luistert op {address} (beleid {policy}, {cert}); Ctrl-C om te stoppen.',
  },
  'receiver.cert-generated': { en: 'self-signed certificate for {host}', nl: 'zelfondertekend certificaat voor {host}' },
  'receiver.cert-given': { en: 'certificate from {file}', nl: 'certificaat uit {file}' },
  'receiver.offered': { en: 'offered {versions}', nl: 'bood {versions}' },
  'receiver.no-hello': { en: 'no TLS', nl: 'geen TLS' },
  'receiver.negotiated': { en: 'negotiated {version} {cipher}', nl: 'onderhandeld {version} {cipher}' },
  'receiver.summary': { en: 'Verdict per sender:', nl: 'Oordeel per verzender:' },
  'receiver.summary-none': { en: 'No sessions.', nl: 'Geen sessies.' },
  'receiver.sender-line': {
    en: '{verdict}  {remote}  {sessions} session(s), best offered {maxVersions}, negotiated {negotiated}{ehlo}',
    nl: '{verdict}  {remote}  {sessions} sessie(s), hoogst aangeboden {maxVersions}, onderhandeld {negotiated}{ehlo}',
  },
  'receiver.pass': { en: 'PASS', nl: 'GOED' },
  'receiver.fail': { en: 'FAIL', nl: 'FOUT' },
  'receiver.inconclusive': { en: 'UNSURE', nl: 'ONZEKER' },
  'receiver.outcome.delivered': { en: 'message accepted', nl: 'bericht geaccepteerd' },
  'receiver.outcome.tls-ok': { en: 'TLS ok', nl: 'TLS in orde' },
  'receiver.outcome.tls-refused': { en: 'refused', nl: 'geweigerd' },
  'receiver.outcome.tls-failed': { en: 'handshake failed', nl: 'handshake mislukt' },
  'receiver.outcome.tls-malformed': { en: 'not TLS after STARTTLS', nl: 'geen TLS na STARTTLS' },
  'receiver.outcome.starttls-required': { en: 'STARTTLS required', nl: 'STARTTLS vereist' },
  'receiver.outcome.no-starttls': { en: 'no STARTTLS', nl: 'geen STARTTLS' },
  'receiver.outcome.limit': { en: 'limit reached', nl: 'limiet bereikt' },
  'receiver.outcome.timeout': { en: 'timed out', nl: 'time-out' },
  'receiver.outcome.capacity': { en: 'too many connections', nl: 'te veel verbindingen' },
  'receiver.outcome.closed': { en: 'closed', nl: 'gesloten' },
};

/** What listen renders. */
export const { finding, entry, text } = catalogue({ name: 'receiver', findings, ui }, { name: 'receiver-connector', ...connector });
