// Exim 4 (Debian's exim4-daemon-light, built with GnuTLS) as a receiver with one GnuTLS priority string per instance.
import { copyFileSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { CertFiles } from './certs.js';
import { freeTcpPort } from './postfix.js';
import { namespaceUnavailableReason, startNamespaced, type NamespacedDaemon } from './namespace.js';

/** Where scripts/install-peers.sh extracts exim4-daemon-light (`dpkg -x`, it conflicts with Postfix as a package). */
export const EXIM_BIN = process.env.MAILTLS_EXIM ?? '/opt/mailtls-peers/exim4-daemon-light/usr/sbin/exim4';

export function eximUnavailableReason(): string | null {
  return namespaceUnavailableReason(EXIM_BIN, 'run: npm run peers');
}

export interface EximOptions {
  /** GnuTLS priority string (Exim's tls_require_ciphers). */
  priority: string;
  cert: CertFiles;
  host?: string;
}

/**
 * One private Exim daemon (`exim -C conf -bdf -oX port`) on loopback with STARTTLS on; its user Debian-exim exists only
 * in the namespace's /etc/passwd. Accepts every recipient (no routers: a test message is refused after DATA, which
 * the TLS tests never reach). No DNS, no ident, no connection limits (the probe and sslscan open many).
 */
export async function startExim(o: EximOptions): Promise<NamespacedDaemon> {
  const host = o.host ?? '127.0.0.1';
  const port = await freeTcpPort(host);
  return startNamespaced({
    prefix: 'mailtls-exim-',
    passwd: ['Debian-exim:x:4242:4242::/nonexistent:/usr/sbin/nologin'],
    group: ['Debian-exim:x:4242:'],
    binds: {},
    host,
    port,
    prepare(dir, p) {
      mkdirSync(join(dir, 'spool'), { mode: 0o777 });
      mkdirSync(join(dir, 'log'), { mode: 0o777 });
      chmodSync(join(dir, 'spool'), 0o777);
      chmodSync(join(dir, 'log'), 0o777);
      copyFileSync(o.cert.chainPath, join(dir, 'cert.pem'));
      copyFileSync(o.cert.keyPath, join(dir, 'key.pem'));
      chmodSync(join(dir, 'key.pem'), 0o644); // read by Debian-exim after the daemon drops root
      const conf = [
        'primary_hostname = mx1.example.test',
        `spool_directory = ${join(dir, 'spool')}`,
        `log_file_path = ${join(dir, 'log')}/%slog`,
        `exim_path = ${EXIM_BIN}`,
        `local_interfaces = ${host}`,
        'tls_advertise_hosts = *',
        `tls_certificate = ${join(dir, 'cert.pem')}`,
        `tls_privatekey = ${join(dir, 'key.pem')}`,
        `tls_require_ciphers = ${o.priority}`,
        'acl_smtp_rcpt = accept',
        'smtp_accept_max = 0',
        'host_lookup =',
        'rfc1413_hosts =',
        'keep_environment =',
        'begin acl',
        'begin routers',
        'begin transports',
        '',
      ].join('\n');
      writeFileSync(join(dir, 'exim.conf'), conf);
      return [EXIM_BIN, '-C', join(dir, 'exim.conf'), '-bdf', '-oX', String(p)];
    },
  });
}
