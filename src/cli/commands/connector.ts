// CLI helpers for the Exchange Online connector options of probe, listen and send: parsing and the human rows.
import { createSecureContext } from 'node:tls';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { MailtlsError } from '../../errors.js';
import { sanitize } from '../../net/sanitize.js';
import { readInput } from '../../net/input.js';
import { isHostName, refuseStdinTwice, refuseWithout } from '../../net/options.js';
import { parseConnectorDomain, parseTlsSettings, TLS_SETTINGS, type ConnectorDomain } from '../../policy/connectors.js';
import type { ConnectorCheck, OutboundConnectorOptions } from '../../probe/index.js';
import { colours } from '../output.js';

/**
 * `--tls-domain` / `--tls-sender-certificate-name` / `--accepted-domain`: a host name or `*.domain` (a wildcard only as
 * the first label), else a one-line usage error in the user's language. Spaces, CR/LF and other control bytes are
 * refused, not trimmed away.
 */
export function domainOption(value: string, option: string, lang: Lang = 'en'): ConnectorDomain {
  const d = /[\s\x00-\x1f\x7f]/.test(value) ? null : parseConnectorDomain(value);
  if (!d || !isHostName(d.domain)) throw new MailtlsError('EUSAGE', ui('cli.connector.bad-domain', lang, { option, value: sanitize(value, 80) }));
  return d;
}

/** `--tls-settings` (case-insensitive, the PowerShell values) and `--tls-domain` → the probe's connector, or undefined. */
export function connectorOptions(tlsSettings: string | undefined, tlsDomain: string | undefined, lang: Lang = 'en'): OutboundConnectorOptions | undefined {
  if (tlsSettings === undefined) {
    if (tlsDomain !== undefined) refuseWithout('--tls-domain', '--tls-settings DomainValidation', lang);
    return undefined;
  }
  const s = parseTlsSettings(tlsSettings);
  if (!s) throw new MailtlsError('EUSAGE', ui('cli.connector.bad-tls-settings', lang, { list: TLS_SETTINGS.join(', '), value: sanitize(tlsSettings, 60) }));
  if (s === 'DomainValidation' && tlsDomain === undefined) throw new MailtlsError('EUSAGE', ui('cli.connector.needs-tls-domain', lang));
  if (s !== 'DomainValidation' && tlsDomain !== undefined) refuseWithout('--tls-domain', '--tls-settings DomainValidation', lang);
  return { tlsSettings: s, ...(tlsDomain !== undefined ? { tlsDomain: domainOption(tlsDomain, '--tls-domain', lang) } : {}) };
}

/** The largest CA bundle read from the command line (as probe --ca); a certificate or key file: 1 MiB (as listen --cert). */
export const PEM_MAX_BYTES = 16 << 20;
const CERT_MAX_BYTES = 1 << 20;

/**
 * Reads a PEM file given on the command line (certificate, key, CA) through the CLI's input rules (a regular file or
 * `-`, size-capped, no binary), or a one-line error.
 */
export async function readPemOption(file: string, option: string, lang: Lang = 'en', what = 'PEM file', maxBytes = PEM_MAX_BYTES): Promise<string> {
  let buf: Buffer;
  try {
    buf = await readInput(file, { what, maxBytes, lang });
  } catch (e) {
    // a DER file is binary: say how to convert it rather than only "looks binary"
    if (e instanceof MailtlsError && e.detail.reason === 'binary')
      throw new MailtlsError('EINPUT', ui('cli.connector.not-pem', lang, { option, file: sanitize(file, 200) }));
    throw e;
  }
  const text = buf.toString('utf8');
  if (!/-----BEGIN [A-Z ]+-----/.test(text)) throw new MailtlsError('EINPUT', ui('cli.connector.not-pem', lang, { option, file: sanitize(file, 200) }));
  return text;
}

/** The human rows of a connector check: [label, text] pairs for the probe's host block. */
export function renderConnector(k: ConnectorCheck, lang: Lang, c = colours()): [string, string][] {
  const v = ui(`probe.verdict.${k.verdict}`, lang);
  const col = k.verdict === 'pass' ? c.green : k.verdict === 'fail' ? c.red : c.yellow;
  const rows: [string, string][] = [
    [
      ui('connector.row', lang),
      ui('connector.line', lang, { setting: k.tlsSettings, domain: k.tlsDomain ? ` -TlsDomain ${k.tlsDomain}` : '', verdict: col(v) }),
    ],
  ];
  const st = (s: string): string => ui(`connector.state.${s}`, lang);
  rows.push([
    '',
    c.dim(
      ui('connector.checks', lang, {
        tls: st(k.checks.tls),
        chain: st(k.checks.chain),
        dates: st(k.checks.dates),
        name: st(k.checks.name),
        revocation: st(k.checks.revocation),
      }),
    ),
  ]);
  if (k.queue) {
    rows.push(['', ui('connector.queue', lang, { queue: c.bold(k.queue) })]);
    if (!k.queuePublished) rows.push(['', c.dim(ui('connector.unpublished', lang))]);
  }
  return rows;
}

/** `--tls-certificate` + `--tls-key` → PEM texts that OpenSSL accepts as a pair, or a one-line error. */
export async function clientCertificateOption(certFile: string, keyFile: string, lang: Lang = 'en'): Promise<{ cert: string; key: string }> {
  if (certFile === '-' && keyFile === '-') refuseStdinTwice([certFile, keyFile], lang);
  const cert = await readPemOption(certFile, '--tls-certificate', lang, 'PEM certificate', CERT_MAX_BYTES);
  const key = await readPemOption(keyFile, '--tls-key', lang, 'PEM private key', CERT_MAX_BYTES);
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new MailtlsError(
      'EINPUT',
      ui('cli.connector.bad-pair', lang, { cert: sanitize(certFile, 200), key: sanitize(keyFile, 200), reason: sanitize((e as Error).message, 200) }),
    );
  }
  return { cert, key };
}
