// Finding texts and human-interface strings of lab, in English and Dutch (merged by src/cli/catalog.ts).
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';
import { catalogue } from '../findings/catalog.js';
import { PROBE_CONNECTOR_MESSAGES, PROBE_MESSAGES } from '../probe/index.js';
import { RECEIVER_CONNECTOR_MESSAGES, RECEIVER_MESSAGES } from '../listen/index.js';
import * as smtp from '../smtp/messages.js';

export const findings = defineCatalog({
  'lab.not-reproduced': {
    severity: 'error',
    title: { en: 'Lab scenario not reproduced', nl: 'Labscenario niet gereproduceerd' },
    message: {
      en: 'the lab scenario {scenario} did not produce the expected diagnosis: {missing}',
      nl: 'het labscenario {scenario} leverde niet de verwachte diagnose op: {missing}',
    },
    cause: {
      en: 'mailtls (or the lab server staging the failure) no longer behaves as the lab expects: a regression, or something on this machine (OpenSSL build, firewall on loopback) interferes.',
      nl: 'mailtls (of de labserver die de fout naspeelt) gedraagt zich niet meer zoals het lab verwacht: een regressie, of iets op deze machine (OpenSSL-build, firewall op loopback) zit in de weg.',
    },
    fix: {
      en: 'Run the scenario alone with --json (mailtls lab --scenario NAME --json) and report it with the output.',
      nl: 'Voer het scenario afzonderlijk uit met --json (mailtls lab --scenario NAAM --json) en meld het met de uitvoer.',
    },
  },
});

export const ui: Record<string, Text> = {
  // scenario titles
  'lab.title.healthy': { en: 'Healthy receiver (TLS 1.2 and 1.3)', nl: 'Gezonde ontvanger (TLS 1.2 en 1.3)' },
  'lab.title.legacy-tls': {
    en: 'On-premises receiver with only TLS 1.0/1.1 (Exchange Online can no longer deliver)',
    nl: 'On-premises ontvanger met alleen TLS 1.0/1.1 (Exchange Online kan niet meer afleveren)',
  },
  'lab.title.broken-handshake': {
    en: 'Receiver advertises STARTTLS, then breaks the handshake',
    nl: 'Ontvanger biedt STARTTLS aan en verbreekt daarna de handshake',
  },
  'lab.title.no-starttls': { en: 'Receiver without STARTTLS', nl: 'Ontvanger zonder STARTTLS' },
  'lab.title.expired-certificate': { en: 'Receiver with an expired certificate', nl: 'Ontvanger met een verlopen certificaat' },
  'lab.title.self-signed-certificate': { en: 'Receiver with a self-signed certificate', nl: 'Ontvanger met een zelfondertekend certificaat' },
  'lab.title.eo-sender-tls10': {
    en: 'Old on-premises sender (TLS 1.0 only) to Exchange Online',
    nl: 'Oude on-premises verzender (alleen TLS 1.0) naar Exchange Online',
  },
  'lab.title.eo-sender-no-starttls': {
    en: 'Sender that never issues STARTTLS, to Exchange Online (TLS-enforcing connector)',
    nl: 'Verzender die nooit STARTTLS geeft, naar Exchange Online (connector die TLS afdwingt)',
  },
  'lab.title.eo-sender-healthy': { en: 'Healthy TLS 1.2 sender to Exchange Online', nl: 'Gezonde TLS 1.2-verzender naar Exchange Online' },
  'lab.title.onprem-sender-no-starttls': {
    en: 'Sender without STARTTLS to an on-premises Exchange receive connector that requires TLS',
    nl: 'Verzender zonder STARTTLS naar een on-premises Exchange-ontvangstconnector die TLS vereist',
  },
  // fixes the catalogue has no entry for
  'lab.fix.broken-handshake': {
    en: 'The server cannot complete any TLS handshake: bind a valid certificate to SMTP (Enable-ExchangeCertificate -Services SMTP), make sure TLS 1.2 is enabled for the server side, restart, and install the latest Windows and Exchange updates.',
    nl: 'De server kan geen enkele TLS-handshake voltooien: koppel een geldig certificaat aan SMTP (Enable-ExchangeCertificate -Services SMTP), zorg dat TLS 1.2 aanstaat voor de serverkant, herstart, en installeer de nieuwste updates voor Windows en Exchange.',
  },
  'lab.fix.self-signed-certificate': {
    en: 'Exchange Online still delivers with opportunistic TLS, but a connector that validates certificates (hybrid, partner TLS) fails: use a certificate from a public CA for the MX host name.',
    nl: 'Exchange Online levert met opportunistische TLS nog af, maar een connector die certificaten controleert (hybride, partner-TLS) faalt: gebruik een certificaat van een publieke CA voor de MX-hostnaam.',
  },
  // block labels
  'lab.label.server': { en: 'Server', nl: 'Server' },
  'lab.label.ran': { en: 'Ran', nl: 'Uitgevoerd' },
  'lab.label.findings': { en: 'Finding', nl: 'Bevinding' },
  'lab.label.verdict': { en: 'Verdict', nl: 'Oordeel' },
  'lab.label.fix': { en: 'Fix', nl: 'Oplossing' },
  'lab.label.registry': { en: 'Registry', nl: 'Register' },
  'lab.label.next': { en: 'Then run', nl: 'Daarna' },
  'lab.label.missing': { en: 'Missing', nl: 'Ontbreekt' },
  'lab.side.sender': { en: 'sender', nl: 'verzender' },
  'lab.side.receiver': { en: 'receiver', nl: 'ontvanger' },
  'lab.where.smtp-reply': { en: 'SMTP reply', nl: 'SMTP-antwoord' },
  'lab.where.tls-error': { en: 'TLS error', nl: 'TLS-fout' },
  'lab.where.tls-alert': { en: 'TLS alert sent', nl: 'TLS-alert verstuurd' },
  'lab.where.ehlo': { en: 'EHLO reply', nl: 'EHLO-antwoord' },
  'lab.where.queue': { en: 'queue viewer / NDR', nl: 'wachtrijviewer / NDR' },
  'lab.where.send-connector-log': { en: 'send connector protocol log', nl: 'protocollogboek verzendconnector' },
  'lab.where.receive-connector-log': { en: 'receive connector protocol log', nl: 'protocollogboek ontvangstconnector' },
  'lab.derived': { en: '(what Exchange writes for this)', nl: '(wat Exchange hiervoor schrijft)' },
  'lab.no-findings': { en: 'no errors or warnings', nl: 'geen fouten of waarschuwingen' },
  'lab.nothing-to-fix': { en: 'nothing to fix', nl: 'niets op te lossen' },
  'lab.verdict.pass': { en: 'pass: mail flows over TLS 1.2+', nl: 'geslaagd: mail gaat via TLS 1.2+' },
  'lab.verdict.fail': { en: 'fail: mail does not flow over TLS 1.2+', nl: 'mislukt: mail gaat niet via TLS 1.2+' },
  'lab.verdict.inconclusive': { en: 'inconclusive', nl: 'onbeslist' },
  'lab.status.reproduced': { en: 'REPRODUCED', nl: 'GEREPRODUCEERD' },
  'lab.status.not-reproduced': { en: 'NOT REPRODUCED', nl: 'NIET GEREPRODUCEERD' },
  'lab.summary': {
    en: '{passed} of {total} scenarios reproduced as expected in {seconds} s.',
    nl: "{passed} van {total} scenario's gereproduceerd zoals verwacht in {seconds} s.",
  },
  'lab.summary-next': {
    en: 'Now point mailtls at your own servers: mailtls probe <your-domain> (inbound), mailtls listen (outbound).',
    nl: 'Richt mailtls nu op uw eigen servers: mailtls probe <uw-domein> (inkomend), mailtls listen (uitgaand).',
  },
  'lab.starting': { en: 'Starting the lab servers on loopback…', nl: 'Labservers starten op loopback…' },
  // --list
  'lab.list.header': { en: 'Lab scenarios (run one with --scenario NAME):', nl: "Labscenario's (één uitvoeren met --scenario NAAM):" },
  // serve
  'lab.serve.header': {
    en: 'Lab servers on loopback; stop with Ctrl-C{until}.',
    nl: 'Labservers op loopback; stoppen met Ctrl-C{until}.',
  },
  'lab.serve.until': { en: ' or after {duration}', nl: ' of na {duration}' },
  'lab.serve.try': { en: 'Try, for example:', nl: 'Probeer bijvoorbeeld:' },
  'lab.serve.ca': {
    en: 'Lab CA certificate (trust it to verify the ca-signed servers):',
    nl: 'CA-certificaat van het lab (vertrouw het om de ca-signed servers te controleren):',
  },
  'lab.serve.stopped': { en: 'Lab servers stopped.', nl: 'Labservers gestopt.' },
  'lab.serve.session': { en: '{server}: session from {remote}: {outcome}', nl: '{server}: sessie van {remote}: {outcome}' },
  'lab.serve.reset': {
    en: 'STARTTLS answered, then the connection was reset at the ClientHello',
    nl: 'STARTTLS beantwoord, daarna de verbinding verbroken bij de ClientHello',
  },
  'lab.serve.closed': { en: 'closed', nl: 'gesloten' },
  'lab.serve.limit': { en: 'limit reached', nl: 'limiet bereikt' },
  'lab.cert.ca-signed': { en: 'certificate signed by the lab CA', nl: 'certificaat ondertekend door de lab-CA' },
  'lab.cert.expired': { en: 'expired certificate (lab CA)', nl: 'verlopen certificaat (lab-CA)' },
  'lab.cert.self-signed': { en: 'self-signed certificate', nl: 'zelfondertekend certificaat' },
  'lab.cert.none': { en: 'no usable certificate', nl: 'geen bruikbaar certificaat' },
  'lab.server.healthy': { en: 'STARTTLS, TLS 1.2–1.3', nl: 'STARTTLS, TLS 1.2–1.3' },
  'lab.server.legacy-tls': { en: 'STARTTLS, TLS 1.0–1.1 only', nl: 'STARTTLS, alleen TLS 1.0–1.1' },
  'lab.server.broken-handshake': { en: 'STARTTLS advertised, handshake reset', nl: 'STARTTLS aangeboden, handshake verbroken' },
  'lab.server.no-starttls': { en: 'no STARTTLS', nl: 'geen STARTTLS' },
  'lab.server.expired-certificate': { en: 'STARTTLS, TLS 1.2–1.3', nl: 'STARTTLS, TLS 1.2–1.3' },
  'lab.server.self-signed-certificate': { en: 'STARTTLS, TLS 1.2–1.3', nl: 'STARTTLS, TLS 1.2–1.3' },
  'lab.server.exchange-online': {
    en: 'like Exchange Online: STARTTLS required, TLS 1.2+ with its suites',
    nl: 'zoals Exchange Online: STARTTLS vereist, TLS 1.2+ met de bijbehorende suites',
  },
  'lab.server.exchange-online-connector': {
    en: 'like Exchange Online with a certificate-based inbound connector (-TlsSenderCertificateName onprem.lab.mailtls.test)',
    nl: 'zoals Exchange Online met een inbound connector op certificaat (-TlsSenderCertificateName onprem.lab.mailtls.test)',
  },
  'lab.title.outbound-connector-name-mismatch': {
    en: 'Outbound connector with DomainValidation to a server whose certificate names another host',
    nl: 'Uitgaande connector met DomainValidation naar een server waarvan het certificaat een andere host noemt',
  },
  'lab.title.onprem-sender-no-client-certificate': {
    en: 'On-premises sender without a client certificate to a certificate-based inbound connector',
    nl: 'On-premises verzender zonder clientcertificaat naar een inbound connector op certificaat',
  },
  'lab.server.exchange-server': {
    en: 'like an on-premises Exchange receive connector with RequireTLS',
    nl: 'zoals een on-premises Exchange-ontvangstconnector met RequireTLS',
  },
};

/** What lab renders: its own texts, and the probe's, SMTP's and listen's fixes a scenario quotes (`fixFrom`). */
export const { finding, entry, text } = catalogue(
  { name: 'lab', findings, ui },
  { name: 'probe', ...PROBE_MESSAGES },
  { name: 'smtp', ...smtp },
  { name: 'receiver', ...RECEIVER_MESSAGES },
  { name: 'probe-connector', ...PROBE_CONNECTOR_MESSAGES },
  { name: 'receiver-connector', ...RECEIVER_CONNECTOR_MESSAGES },
);
/** A finding id lab renders or quotes. */
export type FindingId = Parameters<typeof finding>[0];
