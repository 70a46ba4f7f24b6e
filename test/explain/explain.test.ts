// Behaviour of the explain library: ranking, nesting, direction, details, finding ids, unknown text, bad input, sanitising.
import { describe, expect, it } from 'vitest';
import { explain, explainDocument, EXPLAIN_MAX_INPUT } from '../../src/explain/explain.js';
import { detectKind, parseExplain } from '../../src/report/types.js';
import { renderExplain } from '../../src/explain/render.js';
import { CATALOG } from '../../src/cli/catalog.js';
import { isMailtlsError } from '../../src/errors.js';

const ids = (text: string) => explain(text).matches.map((m) => m.id);

describe('explain()', () => {
  it('a hybrid 4.4.317 that quotes 451 5.7.3 is one finding, not two', () => {
    expect(ids('LED=450 4.4.317 Cannot connect to remote server [Message=451 5.7.3 STARTTLS is required to send mail]')).toEqual(['sig.4-4-317']);
  });

  it('a Postfix log excerpt gives every signature in it, best first, with counts', () => {
    const log = [
      'Apr 14 19:24:31 straylight postfix/smtpd[4787]: connect from unknown[192.168.251.4]',
      'Apr 14 19:24:31 straylight postfix/smtpd[4787]: SSL_accept error from unknown[192.168.251.4]: -1',
      'Apr 14 19:24:31 straylight postfix/smtpd[4787]: warning: TLS library problem: error:1417D18C:SSL routines:tls_process_client_hello:version too low:../ssl/statem/statem_srvr.c:974:',
      'Apr 14 19:24:31 straylight postfix/smtpd[4787]: lost connection after STARTTLS from unknown[192.168.251.4]',
      'Apr 14 19:25:02 straylight postfix/smtpd[4790]: SSL_accept error from unknown[192.168.251.4]: -1',
    ].join('\n');
    const r = explain(log);
    expect(r.matches.map((m) => m.id)).toEqual(['sig.version-too-low', 'sig.ssl-accept-error']);
    expect(r.matches[1]!.occurrences).toBe(2);
    expect(r.matches[0]!.direction).toBe('inbound');
  });

  it('reads the direction from the protocol log header when the line itself cannot tell', () => {
    const send =
      '#Log-type: SMTP Send Protocol Log\n2019-03-21T13:01:07.212Z,Outbound,08D6,5,10.0.0.5:28934,104.47.42.36:25,*,,TLS negotiation failed with error SocketError';
    const recv =
      '#Log-type: SMTP Receive Protocol Log\n2019-03-21T13:01:07.212Z,Default,08D6,5,10.0.0.5:25,10.0.0.9:50123,*,,TLS negotiation failed with error SocketError';
    expect(explain(send).matches[0]!.direction).toBe('outbound');
    expect(explain(recv).matches[0]!.direction).toBe('inbound');
    expect(explain('TLS negotiation failed with error SocketError').matches[0]!.direction).toBe('either');
  });

  it('pulls the alert code, protocol and error name out of the text', () => {
    expect(explain('A fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 48.').matches[0]!.details).toEqual({
      alert: '48 (unknown_ca)',
    });
    expect(
      explain(
        'A TLS 1.1 connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server.',
      ).matches[0]!.details,
    ).toEqual({ protocol: 'TLS 1.1' });
    expect(explain('TLS negotiation failed with error CertUnknown').matches[0]!.details).toEqual({ error: 'CertUnknown' });
    expect(explain('TLS negotiation failed with error UntrustedRoot').matches[0]!.id).toBe('sig.sec-untrusted-root');
  });

  it('an event log export with the event id and the message gives the specific alert entry only', () => {
    const ev =
      'Log Name: System\nSource: Schannel\nEvent ID: 36888\nLevel: Error\nDescription:\nA fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal error code is 70. The Windows SChannel error state is 105.';
    expect(ids(ev)).toEqual(['sig.schannel-36888-70']);
  });

  it('454 4.7.0 Temporary authentication failure is recognised and says it is not TLS', () => {
    const m = explain('454 4.7.0 Temporary authentication failure', { lang: 'nl' }).matches[0]!;
    expect(m.id).toBe('sig.auth-temp-failure-454');
    expect(m.severity).toBe('info');
    expect(m.direction).toBe('none');
    expect(m.title).toContain('geen TLS-probleem');
  });

  it('does not confuse 454 4.7.0 TLS not available with the authentication failure', () => {
    expect(ids('454 4.7.0 TLS not available due to local problem')).toEqual(['sig.tls-not-available-454']);
  });

  it('TLS 1.2 success lines are not reported as legacy TLS', () => {
    expect(
      explain('Untrusted TLS connection established to mx4.hotmail.com[65.55.92.136]:25: TLSv1.2 with cipher ECDHE-RSA-AES256-SHA384 (256/256 bits)').unknown,
    ).toBe(true);
    expect(
      explain('2024-06-02 05:50:20 1sDcEe-000000004BC-0oYZ <= a@b.nl H=example.com [127.0.0.1] P=esmtps X=TLS1.2:ECDHE-RSA-AES256-GCM-SHA384:256 CV=no')
        .unknown,
    ).toBe(true);
  });

  it('explains any finding id from the catalogue', () => {
    const someId = Object.keys(CATALOG).find((id) => !id.startsWith('sig.'));
    if (someId) {
      const r = explain(`  ${someId}\n`, { lang: 'nl' });
      expect(r.matches).toHaveLength(1);
      expect(r.matches[0]!.id).toBe(someId);
      expect(r.matches[0]!.confidence).toBe(1);
      expect(r.matches[0]!.title).toBe(CATALOG[someId]!.title.nl);
    }
    const r = explain('sig.4-7-66');
    expect(r.matches[0]!.side).toBe('client');
    expect(r.matches[0]!.direction).toBe('submission');
  });

  it('a non-TLS text: unknown for TLS, its kind in one line, no suggestions', () => {
    const r = explain('550 5.1.1 User unknown');
    expect(r.unknown).toBe(true);
    expect(r.matches).toEqual([]);
    expect(r.notTls?.kind).toBe('recipient');
    expect(r.suggestions).toEqual([]);
  });

  it('unknown text: closest entries only above the floor, only error signatures, never the misleading ones', () => {
    const r = explain('Connection droped due to Socket failure 421');
    expect(r.suggestions[0]!.id).toBe('sig.socket-error-421');
    for (const s of r.suggestions) expect(CATALOG[s.id]).toBeDefined();
    // The misleading suggestions: cert.expired for QUEUE.Expired, a pass entry for an NDR, a registry finding for 5.7.64.
    expect(explain('550 4.4.7 QUEUE.Expired; message expired').suggestions).toEqual([]);
    expect(explain('Your message could not be delivered. Test message').suggestions.every((s) => s.id.startsWith('sig.'))).toBe(true);
    expect(explain('hello world').suggestions).toEqual([]);
  });

  it('a mistyped id suggests the right one first', () => {
    expect(explain('sig.socket-eror-421').suggestions[0]!.id).toBe('sig.socket-error-421');
  });

  it('a near miss of an error text suggests the right entry first', () => {
    expect(explain('Connection droped due to Socket failure 421').suggestions[0]!.id).toBe('sig.socket-error-421');
  });

  it('rejects empty, binary and oversized input with EINPUT', () => {
    for (const bad of ['', '   \n\t', 'abc\0def', 'x'.repeat(EXPLAIN_MAX_INPUT + 1)]) {
      let err: unknown;
      try {
        explain(bad);
      } catch (e) {
        err = e;
      }
      expect(isMailtlsError(err) && err.code).toBe('EINPUT');
    }
  });

  it('evidence is sanitised: no control characters or terminal escapes reach the output', () => {
    const r = explain('421 4.4.2 Connection dropped due to \u001b[31mSocketError');
    expect(r.unknown).toBe(false);
    const out = renderExplain(r, 'en');
    expect(out).not.toContain('\u001b');
    const r2 = explain('TLS negotiation failed with error Socket\u202eError');
    for (const m of r2.matches) expect(m.evidence).not.toMatch(/[\u0000-\u001f\u202e]/);
  });

  it('a large paste of unrelated log lines with one hit in the middle is handled', () => {
    const noise = 'Jun  1 09:00:01 relay postfix/smtp[2211]: 3F2A1C0041: to=<jan@example.nl>, relay=mx.example.nl[192.0.2.25]:25, status=sent (250 2.0.0 Ok)\n';
    const text = noise.repeat(8000) + "Remote Server returned '421 4.4.2 Connection dropped due to SocketError'\n" + noise.repeat(8000);
    expect(ids(text)).toEqual(['sig.socket-error-421']);
  });

  it('renders cause, check, fix and the next command in the chosen language', () => {
    const en = renderExplain(explain('421 4.4.2 Connection dropped due to SocketError'), 'en');
    for (const label of ['Matched', 'Cause', 'Check', 'Fix', 'Prove it', 'mailtls listen', '"421 4.4.2 Connection dropped due to SocketError"'])
      expect(en).toContain(label);
    const nl = renderExplain(explain('421 4.4.2 Connection dropped due to SocketError', { lang: 'nl' }), 'nl');
    for (const label of ['Gevonden', 'Oorzaak', 'Controleer', 'Oplossing', 'Bewijs', 'wachtrijviewer', 'TLS 1.2\\Client']) expect(nl).toContain(label);
    expect(nl).not.toMatch(/TLS 1,\d/);
    const unknown = renderExplain(explain('hello'), 'nl');
    expect(unknown).toContain('Niet herkend');
  });

  it('the --json document is what mailtls report reads', () => {
    const input =
      "Remote Server returned '421 4.4.2 Connection dropped due to SocketError'\nA fatal alert was received from the remote endpoint. The TLS protocol defined fatal alert code is 70.";
    const doc = JSON.parse(JSON.stringify(explainDocument(input, explain(input))));
    expect(detectKind(doc)).toBe('explain');
    const parsed = parseExplain(doc);
    expect(parsed.findings.map((f) => f.id).sort()).toEqual(['sig.schannel-36887-70', 'sig.socket-error-421']);
    expect(parsed.next).toEqual(['mailtls listen']);
    expect(doc.matches).toHaveLength(2);
  });
});
