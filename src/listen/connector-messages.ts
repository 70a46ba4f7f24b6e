// Finding texts and UI strings of the certificate-based inbound connector (src/listen/connector.ts), en and nl.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

const NEXT = 'mailtls listen --tls-sender-certificate-name <name> --accept';
const FIX_NAME = {
  en: 'Make the on-premises send connector present a certificate with that name (Set-SendConnector "Outbound to Office 365" -TlsCertificateName "<I>issuer<S>subject"), or set the inbound connector to the name the certificate has (Set-InboundConnector <name> -TlsSenderCertificateName <name>); rerunning the Hybrid Configuration Wizard does both.',
  nl: 'Laat de on-premises verzendconnector een certificaat met die naam tonen (Set-SendConnector "Outbound to Office 365" -TlsCertificateName "<I>uitgever<S>onderwerp"), of zet de inbound connector op de naam die het certificaat heeft (Set-InboundConnector <naam> -TlsSenderCertificateName <naam>); de Hybrid Configuration Wizard opnieuw uitvoeren doet beide.',
};

export const findings = defineCatalog({
  'connector.attributed': {
    severity: 'info',
    title: { en: 'Sender attributed to the inbound connector', nl: 'Verzender toegewezen aan de inbound connector' },
    message: {
      en: '{remote}: the client certificate ({matched}) matches -TlsSenderCertificateName {name}: Exchange Online attributes this sender to the connector',
      nl: '{remote}: het clientcertificaat ({matched}) past bij -TlsSenderCertificateName {name}: Exchange Online wijst deze verzender toe aan de connector',
    },
  },
  'connector.not-attributed.no-tls': {
    severity: 'error',
    title: { en: 'Not attributed: no TLS', nl: 'Niet toegewezen: geen TLS' },
    message: {
      en: '{remote}: the sender did not start TLS, so it presented no certificate for -TlsSenderCertificateName {name}',
      nl: '{remote}: de verzender startte geen TLS en toonde dus geen certificaat voor -TlsSenderCertificateName {name}',
    },
    fix: {
      en: 'Make the send connector use TLS: Set-SendConnector "Outbound to Office 365" -RequireTLS $true.',
      nl: 'Laat de verzendconnector TLS gebruiken: Set-SendConnector "Outbound to Office 365" -RequireTLS $true.',
    },
    next: NEXT,
  },
  'connector.not-attributed.no-certificate': {
    severity: 'error',
    title: { en: 'Not attributed: no client certificate', nl: 'Niet toegewezen: geen clientcertificaat' },
    message: {
      en: '{remote}: the sender presented no client certificate, so Exchange Online cannot match -TlsSenderCertificateName {name}',
      nl: '{remote}: de verzender toonde geen clientcertificaat, dus Exchange Online kan -TlsSenderCertificateName {name} niet herkennen',
    },
    cause: {
      en: 'The on-premises send connector has no TlsCertificateName (or the certificate it names is not found), so it sends no certificate.',
      nl: 'De on-premises verzendconnector heeft geen TlsCertificateName (of het genoemde certificaat is niet te vinden), en stuurt dus geen certificaat.',
    },
    fix: FIX_NAME,
    next: NEXT,
  },
  'connector.not-attributed.untrusted': {
    severity: 'error',
    title: { en: 'Not attributed: certificate chain not trusted', nl: 'Niet toegewezen: certificaatketen niet vertrouwd' },
    message: {
      en: '{remote}: the client certificate ({names}) does not chain to a trusted root ({reason}); Exchange Online does not attribute it to -TlsSenderCertificateName {name}',
      nl: '{remote}: het clientcertificaat ({names}) leidt niet naar een vertrouwde root ({reason}); Exchange Online wijst het niet toe aan -TlsSenderCertificateName {name}',
    },
    cause: {
      en: 'A self-signed or private-CA certificate, or a server that does not send its intermediate certificates (KB 3212877).',
      nl: 'Een zelfondertekend certificaat of een eigen CA, of een server die de tussencertificaten niet meestuurt (KB 3212877).',
    },
    fix: {
      en: 'Use a certificate from a public CA for the send connector and install its intermediates on the server.',
      nl: 'Gebruik voor de verzendconnector een certificaat van een publieke CA en installeer de tussencertificaten op de server.',
    },
    next: NEXT,
  },
  'connector.not-attributed.expired': {
    severity: 'error',
    title: { en: 'Not attributed: certificate expired', nl: 'Niet toegewezen: certificaat verlopen' },
    message: {
      en: '{remote}: the client certificate ({names}) has expired; Exchange Online does not attribute it to -TlsSenderCertificateName {name}',
      nl: '{remote}: het clientcertificaat ({names}) is verlopen; Exchange Online wijst het niet toe aan -TlsSenderCertificateName {name}',
    },
    fix: FIX_NAME,
    next: NEXT,
  },
  'connector.not-attributed.not-yet-valid': {
    severity: 'error',
    title: { en: 'Not attributed: certificate not yet valid', nl: 'Niet toegewezen: certificaat nog niet geldig' },
    message: {
      en: '{remote}: the client certificate ({names}) is not valid yet; Exchange Online does not attribute it to -TlsSenderCertificateName {name}',
      nl: '{remote}: het clientcertificaat ({names}) is nog niet geldig; Exchange Online wijst het niet toe aan -TlsSenderCertificateName {name}',
    },
  },
  'connector.not-attributed.name-mismatch': {
    severity: 'error',
    title: { en: 'Not attributed: certificate has another name', nl: 'Niet toegewezen: certificaat heeft een andere naam' },
    message: {
      en: '{remote}: the client certificate names {names}, not -TlsSenderCertificateName {name}',
      nl: '{remote}: het clientcertificaat noemt {names}, niet -TlsSenderCertificateName {name}',
    },
    cause: {
      en: 'A renewed certificate with another name, or the connector was set to a different name ("550 5.7.64 TenantAttribution" when sending mail externally in Microsoft 365).',
      nl: 'Een vernieuwd certificaat met een andere naam, of de connector staat op een andere naam ("550 5.7.64 TenantAttribution" when sending mail externally in Microsoft 365).',
    },
    fix: FIX_NAME,
    next: NEXT,
  },
  'connector.relay-denied': {
    severity: 'error',
    title: { en: 'Relay refused (TenantAttribution)', nl: 'Relay geweigerd (TenantAttribution)' },
    message: {
      en: '{remote}: {count} recipient(s) refused with "{reply}", as Exchange Online refuses relay it cannot attribute to a connector',
      nl: '{remote}: {count} ontvanger(s) geweigerd met "{reply}", zoals Exchange Online relay weigert die het niet aan een connector kan toewijzen',
    },
  },
});

export const ui: Record<string, Text> = {
  'help.listen.tls-sender-certificate-name': {
    en: 'play an Exchange Online inbound connector with this -TlsSenderCertificateName: ask each sender for a client certificate and say whether it is attributed',
    nl: 'speel een Exchange Online inbound connector met deze -TlsSenderCertificateName: vraag elke verzender om een clientcertificaat en zeg of die wordt toegewezen',
  },
  'help.listen.ca': {
    en: 'also trust this CA (PEM) for client certificates, besides the public roots',
    nl: 'vertrouw voor clientcertificaten ook deze CA (PEM), naast de publieke roots',
  },
  'help.listen.restrict-domains-to-certificate': {
    en: "the connector's -RestrictDomainsToCertificate $true: only the certificate's Subject counts, and every recipient of an unattributed sender is refused",
    nl: '-RestrictDomainsToCertificate $true van de connector: alleen het Subject van het certificaat telt, en elke ontvanger van een niet-toegewezen verzender wordt geweigerd',
  },
  'help.listen.accepted-domain': {
    en: 'an accepted domain of the tenant: mail to it is not relayed (repeatable; default none: every recipient counts as relay)',
    nl: 'een accepted domain van de tenant: mail daarheen is geen relay (herhaalbaar; standaard geen: elke ontvanger telt als relay)',
  },
  'help.send.tls-certificate': {
    en: 'present this client certificate (PEM, with its chain) after STARTTLS, as a send connector with TlsCertificateName does',
    nl: 'toon dit clientcertificaat (PEM, met keten) na STARTTLS, zoals een verzendconnector met TlsCertificateName doet',
  },
  'help.send.tls-key': { en: 'the private key (PEM) of --tls-certificate', nl: 'de privésleutel (PEM) van --tls-certificate' },
  'receiver.connector': { en: 'connector {name}: {state}', nl: 'connector {name}: {state}' },
  'receiver.connector.attributed': { en: 'attributed ({matched})', nl: 'toegewezen ({matched})' },
  'receiver.connector.not-attributed': { en: 'NOT attributed ({reason})', nl: 'NIET toegewezen ({reason})' },
};
