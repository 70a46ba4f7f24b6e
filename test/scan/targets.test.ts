// Targets file parsing: lines, CSV columns, comments, blanks, duplicates and junk.
import { describe, expect, it } from 'vitest';
import { normalizeTarget, parseTargets } from '../../src/scan/targets.js';

describe('parseTargets', () => {
  it('reads one target per line, skipping comments, blanks and duplicates', () => {
    const r = parseTargets('# customers\nExample.NL\n\n  contoso.com.  # trailing comment\nexample.nl\nmx1.example.nl:2525\n[::1]:25\n127.0.0.1\n');
    expect(r.targets).toEqual(['example.nl', 'contoso.com', 'mx1.example.nl:2525', '[::1]:25', '127.0.0.1']);
    expect(r.duplicates).toBe(1);
    expect(r.invalid).toEqual([]);
  });

  it('takes the first column of a CSV and skips its header', () => {
    const r = parseTargets('domain,customer\r\nexample.nl,"Acme, Inc"\r\nfabrikam.com,Fabrikam\r\n');
    expect(r.targets).toEqual(['example.nl', 'fabrikam.com']);
  });

  it('takes a named or numbered column', () => {
    const csv = 'customer;mail domain\nAcme;acme.example\nBeta;beta.example\nAcme again;ACME.example\n';
    expect(parseTargets(csv, { column: 'mail domain' }).targets).toEqual(['acme.example', 'beta.example']);
    expect(parseTargets('x,a.example\ny,b.example\n', { column: 2 }).targets).toEqual(['a.example', 'b.example']);
    expect(() => parseTargets(csv, { column: 'nope' })).toThrow(/not in the header/);
  });

  it('reports junk with its line number, sanitised', () => {
    const r = parseTargets('good.example\nnot a domain\nbad\u001b[31m.example\n' + 'x'.repeat(2000) + '\n');
    expect(r.targets).toEqual(['good.example']);
    expect(r.invalid.map((i) => i.line)).toEqual([2, 3, 4]);
    expect(r.invalid[1]?.text).toContain('\\x1b');
  });

  it('normalises addresses and mailbox-style input', () => {
    expect(normalizeTarget('postmaster@Example.NL')).toBe('example.nl');
    expect(normalizeTarget('::1')).toBe('[::1]');
    expect(normalizeTarget('host.example:99999')).toBe('');
    expect(normalizeTarget('localhost')).toBe('');
  });
});
