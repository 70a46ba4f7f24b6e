// Strings of the report's connector parts (src/report/connector.ts), in English and Dutch.
import type { Text } from '../i18n/lang.js';

const t = (en: string, nl: string): Text => ({ en, nl });

const strings: Record<string, Text> = {
  outbound: t('Exchange Online outbound connector', 'Uitgaande connector van Exchange Online'),
  outboundNote: t(
    'How an outbound connector with these settings judges this server (Set-OutboundConnector -TlsSettings). Revocation is never checked by mailtls.',
    'Hoe een uitgaande connector met deze instellingen deze server beoordeelt (Set-OutboundConnector -TlsSettings). Intrekking controleert mailtls nooit.',
  ),
  'check.tls': t('TLS', 'TLS'),
  'check.chain': t('Chain to a trusted root', 'Keten naar vertrouwde root'),
  'check.dates': t('Validity dates', 'Geldigheidsdatums'),
  'check.name': t('Name against -TlsDomain', 'Naam tegen -TlsDomain'),
  'check.revocation': t('Revocation', 'Intrekking'),
  'state.pass': t('ok', 'ok'),
  'state.fail': t('fails', 'faalt'),
  'state.not-required': t('not checked by this setting', 'niet gecontroleerd bij deze instelling'),
  'state.unknown': t('unknown', 'onbekend'),
  queue: t('Exchange Online queue', 'Wachtrij van Exchange Online'),
  unpublished: t(
    "The [Message=] value is mailtls's wording; Microsoft publishes only SubjectMismatch.",
    'De [Message=]-waarde is de formulering van mailtls; Microsoft publiceert alleen SubjectMismatch.',
  ),
  inbound: t('Exchange Online inbound connector (certificate)', 'Inbound connector van Exchange Online (certificaat)'),
  inboundNote: t(
    '{n} of {total} sessions attributed to the connector by their client certificate.',
    '{n} van {total} sessies toegewezen aan de connector op hun clientcertificaat.',
  ),
  'col.attributed': t('Attributed', 'Toegewezen'),
  'col.reason': t('Why not', 'Waarom niet'),
  'col.certificate': t('Client certificate', 'Clientcertificaat'),
  'col.issuer': t('Issuer', 'Uitgever'),
  'col.trusted': t('Chain trusted', 'Keten vertrouwd'),
  'col.relayDenied': t('Relay refused (5.7.64)', 'Relay geweigerd (5.7.64)'),
  'reason.no-tls': t('no TLS', 'geen TLS'),
  'reason.no-certificate': t('no client certificate', 'geen clientcertificaat'),
  'reason.untrusted': t('chain not trusted', 'keten niet vertrouwd'),
  'reason.expired': t('certificate expired', 'certificaat verlopen'),
  'reason.not-yet-valid': t('certificate not yet valid', 'certificaat nog niet geldig'),
  'reason.name-mismatch': t('another name', 'andere naam'),
  'reason.other': t('other', 'anders'),
};

export const findings = {};
export const ui: Record<string, Text> = Object.fromEntries(Object.entries(strings).map(([k, v]) => [`report.connector.${k}`, v]));
