// Who sent and who received, read from a bounce (delivery-status fields or NDR lines), decides the side to fix and the next command.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { explain, explainBytes } from '../../src/explain/explain.js';
import { flowFromText, hostOf } from '../../src/explain/bounce.js';
import { renderExplain } from '../../src/explain/render.js';

const real = new URL('../fixtures/real/ndr/eml/', import.meta.url);
// A typed sample from QA (see SOURCES.md): not a real bounce, shaped like Exchange Online's Dutch NDR.
const typed = new URL('../fixtures/real/ndr/typed/', import.meta.url);

describe('a Dutch Exchange Online NDR (.eml): Exchange Online sent, the Remote-MTA must be fixed', () => {
  it('side receiver with its host, proof mailtls probe <Remote-MTA>, Dutch header words', async () => {
    const r = await explainBytes(readFileSync(new URL('qa-exo-nl-socketerror.eml', typed)), { lang: 'nl' });
    const m = r.matches[0]!;
    expect(m.id).toBe('sig.socket-error-421');
    expect(m.side).toBe('receiver');
    expect(m.direction).toBe('outbound');
    expect(m.next).toBe('mailtls probe mail.fabrikam.nl');
    expect(m.flow).toMatchObject({
      sender: 'am0pr01mb1234.eurprd01.prod.exchangelabs.com',
      receiver: 'mail.fabrikam.nl',
      fixHost: 'mail.fabrikam.nl',
      senderIsExchangeOnline: true,
      source: 'delivery-status',
    });
    const out = renderExplain(r, 'nl', undefined, 200);
    expect(out).toContain('jan@fabrikam.nl: mislukt 4.4.0 via mail.fabrikam.nl');
    expect(out).not.toMatch(/: failed /);
    expect(out).toContain(
      'oplossen bij: ontvangende server mail.fabrikam.nl; e-mail van am0pr01mb1234.eurprd01.prod.exchangelabs.com (Exchange Online) naar mail.fabrikam.nl',
    );
    expect(out).toContain('mailtls probe mail.fabrikam.nl');
    expect(out).not.toContain('mailtls listen —');
  });
  it('the same text without the delivery-status part: the NDR lines ("Genererende server") still name Exchange Online', () => {
    const text = readFileSync(new URL('qa-exo-nl-socketerror.eml', typed), 'utf8')
      .split('--b1')[1]!
      .replace(/=\r?\n/g, '');
    const f = flowFromText(text);
    expect(f).toMatchObject({ sender: 'am0pr01mb1234.eurprd01.prod.exchangelabs.com', receiver: '', senderIsExchangeOnline: true });
    // "Externe server heeft '451 …' geretourneerd" is not a host: no receiver is invented.
    const m = explain(text, { lang: 'nl' }).matches[0]!;
    expect(m.side).toBe('either');
    expect(m.next).toBe('mailtls listen');
  });
  it('the real Exchange Online 4.4.316 bounce (no Remote-MTA): the sender is named, the receiver is not invented', async () => {
    const r = await explainBytes(readFileSync(new URL('sisimai-lhost-office365-08.eml', real)));
    expect(r.matches[0]!.flow).toMatchObject({ sender: 'sg2apc01ht007.mail.protection.outlook.com', receiver: '', fixHost: '' });
    expect(renderExplain(r, 'en', undefined, 200)).toContain('mail sent by sg2apc01ht007.mail.protection.outlook.com (Exchange Online)');
  });
});

describe('pasted NDR text', () => {
  it('English EXO lines "Generating server" / "Receiving server": receiver fixes, probe it', () => {
    const text = [
      'Diagnostic information for administrators:',
      'Generating server: DB8PR04MB6985.eurprd04.prod.outlook.com',
      'Receiving server: mx1.example.org (203.0.113.25)',
      'user@example.org',
      'Remote Server returned \'451 4.4.0 Primary target IP address responded with: "421 4.4.2 Connection dropped due to SocketError."\'',
    ].join('\n');
    const m = explain(text).matches[0]!;
    expect(m.side).toBe('receiver');
    expect(m.next).toBe('mailtls probe mx1.example.org');
  });
  it('delivery-status fields from an on-premises server to Exchange Online: the sender (reporting MTA) fixes', () => {
    const text =
      'Reporting-MTA: dns; ex01.contoso.local.example\nFinal-Recipient: rfc822; a@fabrikam.example\nAction: failed\nStatus: 4.4.2\nRemote-MTA: dns; fabrikam-example.mail.protection.outlook.com\nDiagnostic-Code: smtp; 421 4.4.2 Connection dropped due to SocketError';
    const m = explain(text).matches[0]!;
    expect(m.side).toBe('sender');
    expect(m.flow?.fixHost).toBe('ex01.contoso.local.example');
    expect(m.next).toBe('mailtls listen');
  });
  it('neither end is Exchange Online: an OpenSSL "other side" error points at the Remote-MTA', () => {
    const text =
      'Reporting-MTA: dns; relay.example.net\nRemote-MTA: dns; mx.example.org\nDiagnostic-Code: smtp; TLS handshake: error:0A000102:SSL routines::unsupported protocol';
    const m = explain(text).matches[0]!;
    expect(m.id).toBe('sig.unsupported-protocol');
    expect(m.side).toBe('receiver');
    expect(m.next).toBe('mailtls probe mx.example.org');
  });
  it('a hostile Remote-MTA value never reaches the next command', () => {
    const text = 'Reporting-MTA: dns; mx.outlook.com\nRemote-MTA: dns; `rm -rf /`;evil\nDiagnostic-Code: smtp; 421 4.4.2 Connection dropped due to SocketError';
    const m = explain(text).matches[0]!;
    expect(m.next).not.toContain('rm');
    expect(hostOf('dns; `rm -rf /`')).toBe('');
    expect(hostOf('dns;Mail.Fabrikam.NL.')).toBe('mail.fabrikam.nl');
  });
  it('without any server names nothing changes', () => {
    const m = explain('421 4.4.2 Connection dropped due to SocketError').matches[0]!;
    expect(m.flow).toBeUndefined();
    expect(m.side).toBe('either');
  });
});
