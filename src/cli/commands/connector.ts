// CLI helpers for the Exchange Online connector options of probe, listen and send: parsing and the human rows.
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { ui } from '../catalog.js';
import type { Lang } from '../../i18n/lang.js';
import { MailtlsError } from '../../errors.js';
import { sanitize } from '../../net/sanitize.js';
import { parseConnectorDomain, parseTlsSettings, TLS_SETTINGS, type ConnectorDomain } from '../../policy/connectors.js';
import type { ConnectorCheck, OutboundConnectorOptions } from '../../probe/index.js';
import { colours } from '../output.js';

/** `--tls-domain` / `--tls-sender-certificate-name`: a domain or `*.domain`, else a usage error that says why. */
export function domainOption(value: string, option: string): ConnectorDomain {
  const d = parseConnectorDomain(value);
  if (!d) throw new MailtlsError('EUSAGE', `${option} wants a domain like mail.contoso.com or *.contoso.com (a wildcard only as the first label), got "${sanitize(value, 80)}"`);
  return d;
}

/** `--tls-settings` (case-insensitive, the PowerShell values) and `--tls-domain` → the probe's connector, or undefined. */
export function connectorOptions(tlsSettings: string | undefined, tlsDomain: string | undefined): OutboundConnectorOptions | undefined {
  if (tlsSettings === undefined) {
    if (tlsDomain !== undefined) throw new MailtlsError('EUSAGE', '--tls-domain goes with --tls-settings DomainValidation');
    return undefined;
  }
  const s = parseTlsSettings(tlsSettings);
  if (!s) throw new MailtlsError('EUSAGE', `--tls-settings wants ${TLS_SETTINGS.join(', ')} (as in Set-OutboundConnector), got "${sanitize(tlsSettings, 60)}"`);
  if (s === 'DomainValidation' && tlsDomain === undefined) throw new MailtlsError('EUSAGE', '--tls-settings DomainValidation needs --tls-domain (the connector\'s -TlsDomain, e.g. mail.contoso.com or *.contoso.com)');
  return { tlsSettings: s, ...(tlsDomain !== undefined ? { tlsDomain: domainOption(tlsDomain, '--tls-domain') } : {}) };
}

/** Reads a PEM file given on the command line (certificate, key, CA), or a one-line EIO error. */
export function readPemOption(file: string, option: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new MailtlsError('EIO', `cannot read ${option} ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!/-----BEGIN [A-Z ]+-----/.test(text)) throw new MailtlsError('EINPUT', `${option} ${file} is not PEM text (-----BEGIN ...-----); convert a DER or PFX file with openssl first`);
  return text;
}

/** The human rows of a connector check: [label, text] pairs for the probe's host block. */
export function renderConnector(k: ConnectorCheck, lang: Lang, c = colours()): [string, string][] {
  const v = ui(`probe.verdict.${k.verdict}`, lang);
  const col = k.verdict === 'pass' ? c.green : k.verdict === 'fail' ? c.red : c.yellow;
  const rows: [string, string][] = [[ui('connector.row', lang), ui('connector.line', lang, { setting: k.tlsSettings, domain: k.tlsDomain ? ` -TlsDomain ${k.tlsDomain}` : '', verdict: col(v) })]];
  const st = (s: string): string => ui(`connector.state.${s}`, lang);
  rows.push(['', c.dim(ui('connector.checks', lang, { tls: st(k.checks.tls), chain: st(k.checks.chain), dates: st(k.checks.dates), name: st(k.checks.name), revocation: st(k.checks.revocation) }))]);
  if (k.queue) {
    rows.push(['', ui('connector.queue', lang, { queue: c.bold(k.queue) })]);
    if (!k.queuePublished) rows.push(['', c.dim(ui('connector.unpublished', lang))]);
  }
  return rows;
}

/** `--tls-certificate` + `--tls-key` → PEM texts that OpenSSL accepts as a pair, or a one-line error. */
export function clientCertificateOption(certFile: string, keyFile: string): { cert: string; key: string } {
  const cert = readPemOption(certFile, '--tls-certificate');
  const key = readPemOption(keyFile, '--tls-key');
  try {
    createSecureContext({ cert, key });
  } catch (e) {
    throw new MailtlsError('EINPUT', `--tls-certificate ${certFile} and --tls-key ${keyFile} are not a usable pair: ${sanitize((e as Error).message, 200)}`);
  }
  return { cert, key };
}
