// Finding texts of the SMTP dialog that both probe and send report (one entry for one outcome), in English and Dutch.
import { defineCatalog } from '../findings/types.js';
import type { Text } from '../i18n/lang.js';

const NEXT = 'mailtls probe <domain>';

export const findings = defineCatalog({
  'smtp.connect-failed': {
    severity: 'error',
    title: { en: 'Cannot connect', nl: 'Geen verbinding' },
    message: { en: 'no SMTP connection to {endpoint}: {reason}', nl: 'geen SMTP-verbinding met {endpoint}: {reason}' },
    cause: {
      en: 'The server is down, a firewall blocks the port, or outbound port 25 is blocked where mailtls runs.',
      nl: 'De server staat uit, een firewall blokkeert de poort, of uitgaand poort 25 is geblokkeerd waar mailtls draait.',
    },
    next: NEXT,
  },
  'smtp.timeout': {
    severity: 'error',
    title: { en: 'Server too slow', nl: 'Server te traag' },
    message: { en: '{endpoint} did not answer in time during {during}', nl: '{endpoint} antwoordde niet op tijd tijdens {during}' },
    cause: {
      en: 'A tarpit, an overloaded server or a firewall that drops packets. Exchange Online gives up too.',
      nl: 'Een tarpit, een overbelaste server of een firewall die pakketten weggooit. Exchange Online geeft het dan ook op.',
    },
  },
  'smtp.greeting-refused': {
    severity: 'error',
    title: { en: 'Server refuses connections', nl: 'Server weigert verbindingen' },
    message: { en: '{endpoint} greeted with "{reply}" instead of 220', nl: '{endpoint} begroette met "{reply}" in plaats van 220' },
  },
  'smtp.ehlo-refused': {
    severity: 'error',
    title: { en: 'EHLO and HELO refused', nl: 'EHLO en HELO geweigerd' },
    message: { en: '{endpoint} refused {verb}: "{reply}"', nl: '{endpoint} weigerde {verb}: "{reply}"' },
  },
  'smtp.protocol-error': {
    severity: 'error',
    title: { en: 'SMTP protocol error', nl: 'SMTP-protocolfout' },
    message: {
      en: '{endpoint} broke the SMTP protocol during {during}: {reason}',
      nl: '{endpoint} hield zich niet aan het SMTP-protocol tijdens {during}: {reason}',
    },
  },
  'smtp.limit-exceeded': {
    severity: 'error',
    title: { en: 'Server sent too much', nl: 'Server stuurde te veel' },
    message: {
      en: '{endpoint} exceeded a safety limit during {during}: {reason}',
      nl: '{endpoint} overschreed een veiligheidslimiet tijdens {during}: {reason}',
    },
  },
  'smtp.response-injection': {
    severity: 'warning',
    title: { en: 'Data after the STARTTLS reply', nl: 'Gegevens na het STARTTLS-antwoord' },
    message: {
      en: '{endpoint} sent {bytes#byte|bytes} after its 220 to STARTTLS, discarded unread (response injection or a broken server)',
      nl: '{endpoint} stuurde {bytes#byte|bytes} na zijn 220 op STARTTLS, ongelezen weggegooid (response-injectie of een defecte server)',
    },
  },
  'starttls.not-offered': {
    severity: 'error',
    title: { en: 'STARTTLS not offered', nl: 'STARTTLS niet aangeboden' },
    message: {
      en: '{endpoint} does not offer STARTTLS: mail from Exchange Online arrives unencrypted, or not at all on a TLS-enforcing connector',
      nl: '{endpoint} biedt geen STARTTLS aan: mail van Exchange Online komt onversleuteld binnen, of helemaal niet via een connector die TLS afdwingt',
    },
    cause: {
      en: 'TLS is switched off on the receive connector, or a firewall (e.g. Cisco ASA ESMTP inspection) strips STARTTLS from EHLO.',
      nl: 'TLS staat uit op de ontvangstconnector, of een firewall (bijv. Cisco ASA ESMTP-inspectie) haalt STARTTLS uit het EHLO-antwoord.',
    },
    fix: {
      en: 'Enable TLS on the receive connector with a certificate for the MX host name; disable SMTP inspection on the firewall.',
      nl: 'Zet TLS aan op de ontvangstconnector met een certificaat voor de MX-hostnaam; zet SMTP-inspectie op de firewall uit.',
    },
    next: NEXT,
  },
  'starttls.refused': {
    severity: 'error',
    title: { en: 'STARTTLS refused', nl: 'STARTTLS geweigerd' },
    message: { en: '{endpoint} offers STARTTLS but answered it with "{reply}"', nl: '{endpoint} biedt STARTTLS aan maar antwoordde "{reply}"' },
    cause: {
      en: 'No usable certificate on the receive connector, or the TLS service is broken.',
      nl: 'Geen bruikbaar certificaat op de ontvangstconnector, of de TLS-dienst is defect.',
    },
  },
});

export const ui: Record<string, Text> = {};
