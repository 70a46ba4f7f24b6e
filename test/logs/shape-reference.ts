// The JavaScript line classifier that wasm/linescan.ts replaced (ExchangeParser.shape() before the WebAssembly port),
// kept unchanged as the oracle for test/logs/linescan.test.ts.
const K_CONNECT = 0,
  K_EHLO = 1,
  K_BANNER = 2,
  K_STAR = 3,
  K_REPLY = 4,
  K_DISCONNECT = 6,
  K_SLOW = 7,
  K_NONE = -1;
const B_EHLO = ['EHLO ', 'HELO ', 'ehlo ', 'helo '].map((s) => Buffer.from(s));
const B_220 = Buffer.from('220 ');
const B_Q220 = Buffer.from('"220 ');
const B_QCOMMA = Buffer.from('",');

function startsAt(buf: Buffer, p: number, pat: Buffer): boolean {
  for (let k = 0; k < pat.length; k++) if (buf[p + k] !== pat[k]) return false;
  return true;
}
function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102));
}

export interface Shape {
  kind: number;
  c1?: number;
  c2?: number;
  localEnd?: number;
  remoteEnd?: number;
}

/** The kind of the line buf[ls, le) and, for kinds other than K_NONE/K_SLOW, its field separators. */
export function shapeJs(buf: Buffer, ls: number, le: number): Shape {
  if (buf[ls] === 35) return { kind: K_SLOW };
  const c1 = buf.indexOf(44, ls);
  if (c1 === -1 || c1 >= le) return { kind: K_SLOW };
  let c2: number;
  if (buf[c1 + 1] === 34) {
    let j = c1 + 2;
    for (;;) {
      const q = buf.indexOf(34, j);
      if (q === -1 || q >= le) return { kind: K_SLOW };
      if (q + 1 < le && buf[q + 1] === 34) {
        j = q + 2;
        continue;
      }
      j = q + 1;
      break;
    }
    if (j < le && buf[j] !== 44) return { kind: K_SLOW };
    const q = buf.indexOf(B_QCOMMA, c1 + 2);
    if (q === -1 || q + 1 >= le) return { kind: K_SLOW };
    c2 = q + 1;
  } else {
    c2 = buf.indexOf(44, c1 + 1);
    if (c2 === -1 || c2 >= le) return { kind: K_SLOW };
  }
  if (c2 + 17 >= le || buf[c2 + 17] !== 44) return { kind: K_SLOW };
  let seqEnd = c2 + 18;
  while (seqEnd < le && seqEnd < c2 + 23 && buf[seqEnd] !== 44) seqEnd++;
  if (seqEnd >= le || buf[seqEnd] !== 44) {
    seqEnd = buf.indexOf(44, seqEnd);
    if (seqEnd === -1 || seqEnd >= le) return { kind: K_SLOW };
  }
  const localEnd = buf.indexOf(44, seqEnd + 1);
  if (localEnd === -1 || localEnd >= le) return { kind: K_SLOW };
  const remoteEnd = buf.indexOf(44, localEnd + 1);
  if (remoteEnd === -1 || remoteEnd + 2 >= le || buf[remoteEnd + 2] !== 44) return { kind: K_SLOW };
  const ev = buf[remoteEnd + 1];
  const d = remoteEnd + 3;
  let kind = K_NONE;
  switch (ev) {
    case 43:
      kind = K_CONNECT;
      break;
    case 45:
      if (buf[d] === 44) kind = K_DISCONNECT;
      break;
    case 42:
      if (buf[d] === 44) {
        const c = buf[d + 1];
        if (c === 84 || c === 34) kind = K_STAR;
      }
      break;
    case 60:
    case 62: {
      const c = buf[d];
      if (c === 52 || c === 53 || (c === 34 && (buf[d + 1] === 52 || buf[d + 1] === 53))) kind = K_REPLY;
      else if (ev === 60) {
        if (c === 69 || c === 72 || c === 101 || c === 104) {
          for (const p of B_EHLO)
            if (startsAt(buf, d, p)) {
              kind = K_EHLO;
              break;
            }
        } else if (startsAt(buf, d, B_220) || startsAt(buf, d, B_Q220)) kind = K_BANNER;
      }
      break;
    }
  }
  if (kind === K_NONE) return { kind };
  for (let k = c2 + 1; k <= c2 + 16; k++) if (!isHex(buf[k])) return { kind: K_SLOW };
  return { kind, c1, c2, localEnd, remoteEnd };
}
