// Turns the bytes of a .reg file or reg query output into text: BOM sniffing, UTF-16LE/BE, UTF-8, ANSI fallback, size cap.
import { MailtlsError } from '../errors.js';

/** Largest input accepted (a full `reg export HKLM\SYSTEM` is rarely above this). */
export const MAX_INPUT_BYTES = 128 * 1024 * 1024;

export interface Decoded {
  text: string;
  encoding: 'utf-16le-bom' | 'utf-16be-bom' | 'utf-16le' | 'utf-8-bom' | 'utf-8' | 'windows-1252';
}

const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const utf16le = new TextDecoder('utf-16le');
const ansi = ((): { decode(b: Uint8Array): string } => {
  try {
    return new TextDecoder('windows-1252');
  } catch {
    return { decode: (b: Uint8Array) => Buffer.from(b).toString('latin1') };
  }
})();

/** Decodes input bytes the way regedit and reg.exe output come: UTF-16LE with BOM, UTF-8 with/without BOM, or ANSI. */
export function decodeInput(bytes: Uint8Array, name: string, maxBytes = MAX_INPUT_BYTES): Decoded {
  if (bytes.length > maxBytes) {
    throw new MailtlsError('EINPUT', `${name}: input is ${bytes.length} bytes, more than the ${maxBytes}-byte limit`, { file: name });
  }
  const b0 = bytes[0],
    b1 = bytes[1];
  if (b0 === 0xff && b1 === 0xfe) return { text: utf16le.decode(bytes.subarray(2, 2 + ((bytes.length - 2) & ~1))), encoding: 'utf-16le-bom' };
  if (b0 === 0xfe && b1 === 0xff) {
    const body = bytes.subarray(2, 2 + ((bytes.length - 2) & ~1));
    const swapped = new Uint8Array(body.length);
    for (let i = 0; i < body.length; i += 2) {
      swapped[i] = body[i + 1] as number;
      swapped[i + 1] = body[i] as number;
    }
    return { text: utf16le.decode(swapped), encoding: 'utf-16be-bom' };
  }
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return { text: ansiOrUtf8(bytes.subarray(3)).text, encoding: 'utf-8-bom' };
  // UTF-16LE without BOM (PowerShell 5 `>` redirection of reg.exe keeps one; some tools strip it): ASCII, NUL, ASCII, NUL.
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && bytes[2] !== 0 && bytes[3] === 0) {
    return { text: utf16le.decode(bytes.subarray(0, bytes.length & ~1)), encoding: 'utf-16le' };
  }
  return ansiOrUtf8(bytes);
}

function ansiOrUtf8(bytes: Uint8Array): Decoded {
  try {
    return { text: utf8Fatal.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: ansi.decode(bytes), encoding: 'windows-1252' };
  }
}
