// A step of an SMTP session (the `phase` of an SmtpError or a finding) in words, en and nl: "the greeting", "de begroeting".
import type { Lang, Text } from '../i18n/lang.js';

const PHASES: Record<string, Text> = {
  connect: { en: 'connect', nl: 'het verbinden' },
  greeting: { en: 'the greeting', nl: 'de begroeting' },
  ehlo: { en: 'EHLO', nl: 'EHLO' },
  helo: { en: 'HELO', nl: 'HELO' },
  starttls: { en: 'STARTTLS', nl: 'STARTTLS' },
  tls: { en: 'the TLS handshake', nl: 'de TLS-handshake' },
  mail: { en: 'MAIL FROM', nl: 'MAIL FROM' },
  rcpt: { en: 'RCPT TO', nl: 'RCPT TO' },
  data: { en: 'DATA', nl: 'DATA' },
  body: { en: 'the message body', nl: 'de berichtinhoud' },
  quit: { en: 'QUIT', nl: 'QUIT' },
  // steps of a probe
  'version-checks': { en: 'the TLS version checks', nl: 'de TLS-versiecontroles' },
  proof: { en: 'the complete handshake', nl: 'de volledige handshake' },
};

/** The words for a phase; a phase without words is shown as it is (upper case when it is a command name). */
export function phaseWords(phase: string, lang: Lang): string {
  return PHASES[phase.toLowerCase()]?.[lang] ?? phase;
}
