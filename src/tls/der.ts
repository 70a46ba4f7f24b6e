// The few DER reads the certificate checks need (tag-length headers, OIDs, X.509 extensions), bounds-checked, never throwing.

/** One DER tag-length header at `off`: tag, content length, header length; null when it does not fit in `buf`. */
export function tlv(buf: Buffer, off: number): { tag: number; len: number; head: number } | null {
  if (off + 2 > buf.length) return null;
  const tag = buf[off] as number;
  let len = buf[off + 1] as number;
  let head = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n < 1 || n > 4 || off + 2 + n > buf.length) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (buf[off + 2 + i] as number);
    head += n;
  }
  if (off + head + len > buf.length) return null;
  return { tag, len, head };
}

/** Dotted form of an OID's content bytes. */
export function oidString(b: Buffer): string {
  if (b.length === 0) return '';
  const parts = [Math.floor((b[0] as number) / 40), (b[0] as number) % 40];
  let v = 0;
  for (const byte of b.subarray(1)) {
    v = v * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

/** What a certificate's TBSCertificate says about its version and extensions (by dotted OID → extnValue content). */
export interface TbsFacts {
  /** 1, 2 or 3 (the explicit [0] version field + 1). */
  version: number;
  extensions: Map<string, Buffer>;
}

/** Reads the version and the extensions of a DER certificate; null when the structure cannot be read. */
export function tbsFacts(der: Buffer): TbsFacts | null {
  const cert = tlv(der, 0);
  if (!cert || cert.tag !== 0x30) return null;
  const tbs = tlv(der, cert.head);
  if (!tbs || tbs.tag !== 0x30) return null;
  let p = cert.head + tbs.head;
  const end = p + tbs.len;
  let version = 1;
  const extensions = new Map<string, Buffer>();
  let field = 0;
  while (p < end) {
    const t = tlv(der, p);
    if (!t || p + t.head + t.len > end) return null;
    if (t.tag === 0xa0 && field === 0) {
      const v = tlv(der, p + t.head);
      if (v && v.tag === 0x02 && v.len === 1) version = (der[p + t.head + v.head] as number) + 1;
    } else if (t.tag === 0xa3) {
      const seq = tlv(der, p + t.head);
      if (!seq || seq.tag !== 0x30) return null;
      let q = p + t.head + seq.head;
      const qEnd = q + seq.len;
      while (q < qEnd) {
        const e = tlv(der, q);
        if (!e || e.tag !== 0x30) return null;
        let r = q + e.head;
        const rEnd = r + e.len;
        const oid = tlv(der, r);
        if (!oid || oid.tag !== 0x06) return null;
        const id = oidString(der.subarray(r + oid.head, r + oid.head + oid.len));
        r += oid.head + oid.len;
        let f = tlv(der, r);
        if (f && f.tag === 0x01) {
          r += f.head + f.len; // critical
          f = tlv(der, r);
        }
        if (!f || f.tag !== 0x04 || r + f.head + f.len > rEnd) return null;
        extensions.set(id, der.subarray(r + f.head, r + f.head + f.len));
        q = rEnd;
      }
    }
    field++;
    p += t.head + t.len;
  }
  return { version, extensions };
}
