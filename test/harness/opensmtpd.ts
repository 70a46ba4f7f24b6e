// OpenSMTPD (Debian 12's opensmtpd 6.8.0p2, OpenSSL 3) as a receiver: sends ServerHello and Certificate, then breaks
// every handshake with alert 80 (internal_error) — the realistic "looks fine until the handshake" server.
import { copyFileSync, mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { CertFiles } from './certs.js';
import { freeTcpPort } from './postfix.js';
import { namespaceUnavailableReason, startNamespaced, type NamespacedDaemon } from './namespace.js';

/** Where scripts/install-peers.sh extracts opensmtpd (`dpkg -x`, it conflicts with Postfix as a package). */
export const SMTPD_BIN = process.env.MAILTLS_SMTPD ?? '/opt/mailtls-peers/opensmtpd/usr/sbin/smtpd';

export function opensmtpdUnavailableReason(): string | null {
  return namespaceUnavailableReason(SMTPD_BIN, 'run: npm run peers');
}

/**
 * One private smtpd (`smtpd -d -f conf`) on loopback with STARTTLS. Its fixed paths (/var/spool/smtpd, the chroot
 * /var/lib/opensmtpd/empty, /run/smtpd.sock) and users (opensmtpd, opensmtpq) exist only in its mount namespace.
 */
export async function startOpensmtpd(o: { cert: CertFiles; host?: string }): Promise<NamespacedDaemon> {
  const host = o.host ?? '127.0.0.1';
  const port = await freeTcpPort(host);
  return startNamespaced({
    prefix: 'mailtls-smtpd-',
    passwd: ['opensmtpd:x:4243:4243::/var/lib/opensmtpd/empty:/usr/sbin/nologin', 'opensmtpq:x:4244:4244::/var/lib/opensmtpd/empty:/usr/sbin/nologin'],
    group: ['opensmtpd:x:4243:', 'opensmtpq:x:4244:'],
    binds: { '/var/spool': 'spool', '/var/lib': 'varlib', '/run': 'run' },
    host,
    port,
    prepare(dir, p) {
      for (const d of ['spool', 'varlib/opensmtpd/empty', 'run']) mkdirSync(join(dir, d), { recursive: true, mode: 0o755 });
      copyFileSync(o.cert.chainPath, join(dir, 'cert.pem'));
      copyFileSync(o.cert.keyPath, join(dir, 'key.pem'));
      chmodSync(join(dir, 'key.pem'), 0o600);
      writeFileSync(
        join(dir, 'smtpd.conf'),
        [
          `pki mx1.example.test cert "${join(dir, 'cert.pem')}"`,
          `pki mx1.example.test key "${join(dir, 'key.pem')}"`,
          `listen on ${host} port ${p} tls pki mx1.example.test`,
          'action "local" mbox',
          'match from any for any action "local"',
          '',
        ].join('\n'),
      );
      return [SMTPD_BIN, '-d', '-f', join(dir, 'smtpd.conf')];
    },
  });
}
