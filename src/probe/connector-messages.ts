// Finding texts and UI strings of the outbound-connector check (src/probe/connector.ts), in English and Dutch.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

const NEXT = 'mailtls probe <host>:25 --tls-settings DomainValidation --tls-domain <name>';

export const findings = defineCatalog({
  'connector.outbound-pass': {
    severity: 'info',
    title: { en: 'Outbound connector would deliver', nl: 'Uitgaande connector zou afleveren' },
    message: {
      en: '{endpoint}: an outbound connector with -TlsSettings {setting} accepts this server (matched name: {matched})',
      nl: '{endpoint}: een uitgaande connector met -TlsSettings {setting} accepteert deze server (passende naam: {matched})',
    },
  },
  'connector.outbound-self-signed': {
    severity: 'error',
    title: { en: 'Connector refuses a self-signed certificate', nl: 'Connector weigert een zelfondertekend certificaat' },
    message: {
      en: '{endpoint}: -TlsSettings {setting} validates the chain, and this server presents a self-signed certificate: Exchange Online will queue the mail and not deliver it',
      nl: '{endpoint}: -TlsSettings {setting} controleert de keten, en deze server toont een zelfondertekend certificaat: Exchange Online zet de mail in de wachtrij en levert niet af',
    },
    cause: {
      en: 'CertificateValidation and DomainValidation demand a chain to a root Exchange Online trusts (Set-OutboundConnector, TlsSettings).',
      nl: 'CertificateValidation en DomainValidation eisen een keten naar een root die Exchange Online vertrouwt (Set-OutboundConnector, TlsSettings).',
    },
    fix: {
      en: 'Install a certificate from a public CA on the receiving server (with its intermediates), or set the connector to -TlsSettings EncryptionOnly until it is in place.',
      nl: 'Installeer een certificaat van een publieke CA op de ontvangende server (met de tussencertificaten), of zet de connector op -TlsSettings EncryptionOnly tot dat geregeld is.',
    },
    next: NEXT,
  },
  'connector.outbound-untrusted': {
    severity: 'error',
    title: { en: 'Connector cannot validate the certificate chain', nl: 'Connector kan de certificaatketen niet valideren' },
    message: {
      en: "{endpoint}: -TlsSettings {setting} validates the chain, and this server's chain does not lead to a trusted root ({reason})",
      nl: '{endpoint}: -TlsSettings {setting} controleert de keten, en de keten van deze server leidt niet naar een vertrouwde root ({reason})',
    },
    cause: {
      en: 'A private CA, a missing intermediate, or a wrong chain order: Exchange Online trusts public roots only.',
      nl: 'Een eigen CA, een ontbrekend tussencertificaat of een verkeerde volgorde: Exchange Online vertrouwt alleen publieke roots.',
    },
    fix: {
      en: 'Serve the full chain (leaf, then intermediates) from a public CA; check with: openssl s_client -starttls smtp -connect <host>:25 -showcerts',
      nl: 'Lever de volledige keten (leaf, dan tussencertificaten) van een publieke CA; controleer met: openssl s_client -starttls smtp -connect <host>:25 -showcerts',
    },
    next: NEXT,
  },
  'connector.outbound-expired': {
    severity: 'error',
    title: { en: 'Connector refuses an expired certificate', nl: 'Connector weigert een verlopen certificaat' },
    message: {
      en: '{endpoint}: the certificate expired on {date}; -TlsSettings {setting} does not deliver to it',
      nl: '{endpoint}: het certificaat is verlopen op {date}; -TlsSettings {setting} levert er niet aan af',
    },
    fix: {
      en: 'Renew the certificate and bind the new one to SMTP (Exchange: Enable-ExchangeCertificate -Thumbprint <new> -Services SMTP).',
      nl: 'Vernieuw het certificaat en koppel het nieuwe aan SMTP (Exchange: Enable-ExchangeCertificate -Thumbprint <nieuw> -Services SMTP).',
    },
    next: NEXT,
  },
  'connector.outbound-not-yet-valid': {
    severity: 'error',
    title: { en: 'Certificate not yet valid', nl: 'Certificaat nog niet geldig' },
    message: {
      en: '{endpoint}: the certificate is valid only from {date}; -TlsSettings {setting} does not deliver to it',
      nl: '{endpoint}: het certificaat is pas geldig vanaf {date}; -TlsSettings {setting} levert er niet aan af',
    },
    fix: { en: 'Check the server clock and the certificate dates.', nl: 'Controleer de klok van de server en de datums van het certificaat.' },
  },
  'connector.outbound-name-mismatch': {
    severity: 'error',
    title: { en: 'Certificate does not match -TlsDomain', nl: 'Certificaat past niet bij -TlsDomain' },
    message: {
      en: '{endpoint}: -TlsSettings DomainValidation with -TlsDomain {domain}, and the certificate names only {names}: Exchange Online defers with SubjectMismatch',
      nl: '{endpoint}: -TlsSettings DomainValidation met -TlsDomain {domain}, en het certificaat noemt alleen {names}: Exchange Online stelt uit met SubjectMismatch',
    },
    cause: {
      en: "DomainValidation checks that the certificate's names (CN or a DNS SAN) match -TlsDomain; *.contoso.com covers every name under contoso.com.",
      nl: 'DomainValidation controleert of de namen in het certificaat (CN of een DNS-SAN) passen bij -TlsDomain; *.contoso.com dekt elke naam onder contoso.com.',
    },
    fix: {
      en: 'Serve a certificate with that name, or set the connector to the name the certificate has: Set-OutboundConnector <name> -TlsDomain <certificate name>.',
      nl: 'Lever een certificaat met die naam, of zet de connector op de naam die het certificaat heeft: Set-OutboundConnector <naam> -TlsDomain <certificaatnaam>.',
    },
    next: NEXT,
  },
  'connector.outbound-no-tls-domain': {
    severity: 'warning',
    title: { en: 'DomainValidation without -TlsDomain', nl: 'DomainValidation zonder -TlsDomain' },
    message: {
      en: '{endpoint}: DomainValidation compares the certificate with -TlsDomain; give it with --tls-domain to test the name',
      nl: '{endpoint}: DomainValidation vergelijkt het certificaat met -TlsDomain; geef die op met --tls-domain om de naam te testen',
    },
  },
  'connector.outbound-tls-domain-ignored': {
    severity: 'info',
    title: { en: '-TlsDomain not used', nl: '-TlsDomain niet gebruikt' },
    message: {
      en: '{endpoint}: -TlsDomain {domain} is used only with -TlsSettings DomainValidation; {setting} checks no name',
      nl: '{endpoint}: -TlsDomain {domain} wordt alleen gebruikt met -TlsSettings DomainValidation; {setting} controleert geen naam',
    },
  },
  'connector.outbound-no-certificate': {
    severity: 'warning',
    title: { en: 'Certificate not read', nl: 'Certificaat niet gelezen' },
    message: {
      en: '{endpoint}: TLS works but the certificate could not be read, so what -TlsSettings {setting} decides is unknown',
      nl: '{endpoint}: TLS werkt maar het certificaat kon niet worden gelezen, dus wat -TlsSettings {setting} beslist is onbekend',
    },
  },
  'connector.outbound-queue': {
    severity: 'info',
    title: { en: 'What the Exchange Online queue shows', nl: 'Wat de wachtrij van Exchange Online toont' },
    message: {
      en: '{endpoint}: Exchange Online retries and its message trace shows: {queue}; when the message expires the sender gets an NDR with this reason',
      nl: '{endpoint}: Exchange Online probeert opnieuw en de berichttracering toont: {queue}; als het bericht verloopt krijgt de afzender een NDR met deze reden',
    },
  },
  'connector.revocation-not-checked': {
    severity: 'info',
    title: { en: 'Revocation not checked', nl: 'Intrekking niet gecontroleerd' },
    message: {
      en: '{endpoint}: -TlsSettings {setting} also checks revocation lists; mailtls does not fetch CRLs or OCSP, so a revoked certificate would go unnoticed here',
      nl: '{endpoint}: -TlsSettings {setting} controleert ook intrekkingslijsten; mailtls haalt geen CRL of OCSP op, dus een ingetrokken certificaat valt hier niet op',
    },
  },
});

export const ui: Record<string, Text> = {
  'connector.row': { en: 'Connector', nl: 'Connector' },
  'connector.line': { en: '-TlsSettings {setting}{domain}: {verdict}', nl: '-TlsSettings {setting}{domain}: {verdict}' },
  'connector.queue': { en: 'queue: {queue}', nl: 'wachtrij: {queue}' },
  'connector.unpublished': {
    en: "(the [Message=] value is mailtls's wording; Microsoft publishes only SubjectMismatch)",
    nl: '(de [Message=]-waarde is de formulering van mailtls; Microsoft publiceert alleen SubjectMismatch)',
  },
  'connector.checks': {
    en: 'TLS {tls}, chain {chain}, dates {dates}, name {name}, revocation {revocation}',
    nl: 'TLS {tls}, keten {chain}, datums {dates}, naam {name}, intrekking {revocation}',
  },
  'connector.state.pass': { en: 'ok', nl: 'ok' },
  'connector.state.fail': { en: 'FAILS', nl: 'FAALT' },
  'connector.state.not-required': { en: 'not checked by this setting', nl: 'niet gecontroleerd bij deze instelling' },
  'connector.state.unknown': { en: 'unknown', nl: 'onbekend' },
  'help.probe.tls-settings': {
    en: 'judge the server as an Exchange Online outbound connector with this -TlsSettings: EncryptionOnly, CertificateValidation or DomainValidation',
    nl: 'beoordeel de server zoals een uitgaande Exchange Online-connector met deze -TlsSettings: EncryptionOnly, CertificateValidation of DomainValidation',
  },
  'help.probe.tls-domain': {
    en: "the connector's -TlsDomain for DomainValidation (a name or *.contoso.com)",
    nl: '-TlsDomain van de connector voor DomainValidation (een naam of *.contoso.com)',
  },
};
