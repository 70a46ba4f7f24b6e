// The SMTP reply parser: RFC 5321 multi-line replies, the "code alone" case, and every cap on hostile input.
import { describe, expect, it } from 'vitest';
import { ReplyParser, ehloKeywords, replyText } from '../../src/smtp/reply.js';
import { SmtpError } from '../../src/smtp/errors.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');

function thrown(f: () => unknown): SmtpError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SmtpError);
    return e as SmtpError;
  }
  throw new Error('did not throw');
}

describe('ReplyParser', () => {
  it('parses single and multi-line replies split across chunks', () => {
    const p = new ReplyParser();
    expect(p.push(b('220-first\r\n220-sec'))).toEqual([]);
    expect(p.buffered).toBeGreaterThan(0);
    const [r] = p.push(b('ond\r\n220 last\r\n'));
    expect(r!.code).toBe(220);
    expect(r!.lines).toEqual(['first', 'second', 'last']);
    expect(replyText(r!)).toBe('220 first / second / last');
  });

  it('accepts a code alone as the last line (RFC 5321 §4.2.1) and bare LF line ends', () => {
    const p = new ReplyParser();
    const rs = p.push(b('250-mx\n250\r\n354\r\n'));
    expect(rs.map((r) => r.code)).toEqual([250, 354]);
    expect(rs[0]!.lines).toEqual(['mx', '']);
  });

  it('refuses mixed codes, non-replies, NUL and bare CR', () => {
    expect(thrown(() => new ReplyParser().push(b('250-a\r\n220 b\r\n'))).code).toBe('EPROTOCOL');
    expect(thrown(() => new ReplyParser().push(b('25\r\n'))).code).toBe('EPROTOCOL');
    expect(thrown(() => new ReplyParser().push(b('2500 x\r\n'))).code).toBe('EPROTOCOL');
    expect(thrown(() => new ReplyParser().push(b('HTTP/1.1 400\r\n'))).code).toBe('EPROTOCOL');
    expect(thrown(() => new ReplyParser().push(b('220 a\0b\r\n'))).code).toBe('EPROTOCOL');
    expect(thrown(() => new ReplyParser().push(b('220 a\rb\r\n'))).code).toBe('EPROTOCOL');
    expect(thrown(() => new ReplyParser().push(b('099 x\r\n'))).code).toBe('EPROTOCOL');
  });

  it('caps line length even when the line never ends', () => {
    const p = new ReplyParser();
    const e = thrown(() => {
      for (let i = 0; i < 100; i++) p.push(Buffer.alloc(1000, 0x41));
    });
    expect(e.code).toBe('ELIMIT');
    expect(thrown(() => new ReplyParser().push(b(`220 ${'x'.repeat(5000)}\r\n`))).code).toBe('ELIMIT');
  });

  it('caps lines per reply and bytes per reply', () => {
    expect(thrown(() => new ReplyParser().push(b('250-x\r\n'.repeat(101)))).code).toBe('ELIMIT');
    const long = `250-${'y'.repeat(4000)}\r\n`;
    expect(thrown(() => new ReplyParser().push(b(long.repeat(20)))).code).toBe('ELIMIT');
  });

  it('discard() drops complete and partial lines and counts them', () => {
    const p = new ReplyParser();
    p.push(b('250-evil\r\n250 AUTH'));
    expect(p.discard()).toBe(10 + 8);
    expect(p.push(b('220 clean\r\n'))[0]!.lines).toEqual(['clean']);
  });

  it('tokenises EHLO keywords per line, upper-case, first line excluded', () => {
    const [r] = new ReplyParser().push(b('250-mx.example STARTTLS\r\n250-starttls\r\n250-XSTARTTLSX\r\n250-AUTH=LOGIN\r\n250 SIZE 100\r\n'));
    const k = ehloKeywords(r!);
    expect([...k.keys()]).toEqual(['STARTTLS', 'XSTARTTLSX', 'AUTH', 'SIZE']);
    expect(k.get('SIZE')).toBe('100');
  });
});
