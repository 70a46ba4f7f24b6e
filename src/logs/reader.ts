// Streams one input into complete-line blocks: gzip by magic bytes, bounded carry, line counting, overlong lines.
import { open } from 'node:fs/promises';
import { TextDecoder } from 'node:util';
import { createGunzip } from 'node:zlib';
import type { Aggregate } from './aggregate.js';
import { FILE_ERRORS } from './types.js';

/** A format parser: fed blocks of complete lines, flushed at the end. */
export interface BlockParser {
  /**
   * Parses buf[start, end): whole lines, `end` just after a '\n' (or the end of input).
   * `firstLine` is the 1-based number of the line at `start`.
   */
  block(buf: Buffer, start: number, end: number, firstLine: number): number | void;
  /**
   * When true, block() walks every line itself: it reports lines longer than the cap (as the reader would, before
   * anything else it reports for the block) and returns the number of lines, so the reader skips its own count.
   */
  readonly countsLines?: boolean;
  /** End of input: flush open sessions. */
  end(): void;
  /**
   * Set by the reader just before the last block when the input ends without a newline: that block is the one last
   * line, maybe cut off mid-line (a copied or still-written file). Parsers use what is readable of it and say so.
   */
  unterminated?: boolean;
}

/** The last line of an input that ends without a newline and was not whole (see BlockParser.unterminated). */
export interface CutLine {
  line: number;
  used: boolean;
  text: string;
}

export interface ReadResult {
  bytes: number;
  lines: number;
  error?: string;
}

/** Buffer's own latin1 decoder (what toString('latin1') calls after checking its arguments). */
interface LatinBuffer extends Buffer {
  latin1Slice(start: number, end: number): string;
}

/** buf[start, end) as latin1 text, without toString()'s argument checks (the parsers' hot paths call this per line). */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as LatinBuffer).latin1Slice(start, end);
}

export const DEFAULT_MAX_LINE = 32 * 1024;

/** 1-based line number of position `pos` in a block that starts at `start` with line `firstLine`. */
export function lineAt(buf: Buffer, start: number, pos: number, firstLine: number): number {
  let n = firstLine;
  let p = start;
  while ((p = buf.indexOf(10, p)) !== -1 && p < pos) {
    n++;
    p++;
  }
  return n;
}

/**
 * Reads `source` (a path, or a stream) and hands complete lines to the parser that `pick` returns for the first
 * bytes (called again on later blocks while it returns null). Never throws for bad data: read errors and truncated
 * gzip end the input and are returned in `error`.
 */
export async function readLines(
  source: string | NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  file: string,
  agg: Aggregate,
  pick: (sample: Buffer) => BlockParser | null,
  maxLine: number,
  onBytes?: (n: number) => void,
  readBuffers?: [Buffer, Buffer],
): Promise<ReadResult> {
  const raw: AsyncIterable<Buffer | string> = typeof source === 'string' ? readFileChunks(source, readBuffers) : (source as AsyncIterable<Buffer | string>);

  let parser: BlockParser | null = null;
  let decided = false;
  let carry: Buffer | null = null;
  let skipping = false; // inside an overlong line: drop bytes until the next newline
  let lines = 0;
  let bytes = 0;
  let error: string | undefined;

  const feed = (buf: Buffer, start: number, end: number, final = false): void => {
    if (start >= end) return;
    if (!decided) {
      parser = pick(buf.subarray(start, end));
      decided = parser !== null;
    }
    if (final && parser) (parser as BlockParser).unterminated = true;
    if (parser && (parser as BlockParser).countsLines) {
      lines += (parser as BlockParser).block(buf, start, end, lines + 1) as number;
      return;
    }
    // count lines, flag overlong ones
    let prev = start;
    let p = start;
    let n = 0;
    while ((p = buf.indexOf(10, p)) !== -1 && p < end) {
      if (p - prev > maxLine) agg.bad(file, lines + n + 1, 'line-too-long', buf.toString('latin1', prev, prev + 120));
      n++;
      prev = ++p;
    }
    if (prev < end) {
      n++; // a last line without newline
      if (end - prev > maxLine) agg.bad(file, lines + n, 'line-too-long', buf.toString('latin1', prev, prev + 120));
    }
    if (parser) (parser as BlockParser).block(buf, start, end, lines + 1);
    lines += n;
  };

  // the text's encoding, from its first bytes (after gunzip): UTF-16 with a BOM (PowerShell 5.1's Out-File, Notepad's
  // "Unicode") or without one (ASCII text with every other byte 0) is re-encoded as UTF-8 chunk by chunk, a UTF-8 BOM
  // is dropped; the parsers only ever see 8-bit text
  let sniffed = false;
  let head: Buffer | null = null;
  let utf16: TextDecoder | null = null;
  const onData = (chunk: Buffer, raw: boolean, last = false): void => {
    if (raw) onBytes?.(chunk.length);
    if (!sniffed) {
      if (head) {
        chunk = Buffer.concat([head, chunk]);
        head = null;
      }
      if (chunk.length < 64 && !last) {
        head = Buffer.from(chunk);
        return;
      }
      sniffed = true;
      const enc = textEncoding(chunk);
      if (enc.decoder) utf16 = enc.decoder;
      chunk = chunk.subarray(enc.bom);
    }
    if (utf16) {
      bytes += chunk.length;
      onChunk(Buffer.from(utf16.decode(chunk, { stream: !last }), 'utf8'));
      return;
    }
    bytes += chunk.length;
    onChunk(chunk);
  };

  const onChunk = (chunk: Buffer): void => {
    let start = 0;
    if (skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) return;
      start = nl + 1;
      skipping = false;
    }
    const last = chunk.lastIndexOf(10);
    if (last === -1 || last < start) {
      const rest = chunk.subarray(start);
      carry = carry ? Buffer.concat([carry, rest]) : Buffer.from(rest);
      if (carry.length > maxLine) {
        lines++;
        agg.bad(file, lines, 'line-too-long', carry.toString('latin1', 0, 120));
        carry = null;
        skipping = true;
      }
      return;
    }
    if (carry) {
      const first = chunk.indexOf(10, start);
      const head = Buffer.concat([carry, chunk.subarray(start, first + 1)]);
      carry = null;
      feed(head, 0, head.length);
      start = first + 1;
    }
    feed(chunk, start, last + 1);
    if (last + 1 < chunk.length) carry = Buffer.from(chunk.subarray(last + 1));
  };

  let it: AsyncIterator<Buffer | string> | undefined;
  try {
    it = raw[Symbol.asyncIterator]();
    const first = await it.next();
    if (!first.done) {
      const c0 = typeof first.value === 'string' ? Buffer.from(first.value, 'latin1') : first.value;
      if (c0.length >= 2 && c0[0] === 0x1f && c0[1] === 0x8b) {
        // gzip: pipe the rest of the raw stream through gunzip
        const gunzip = createGunzip({ chunkSize: 1 << 20 });
        const pump = (async () => {
          try {
            gunzip.write(Buffer.from(c0));
            onBytes?.(c0.length);
            for (let r = await it!.next(); !r.done; r = await it!.next()) {
              const b = typeof r.value === 'string' ? Buffer.from(r.value, 'latin1') : r.value;
              onBytes?.(b.length);
              if (!gunzip.write(Buffer.from(b))) await new Promise<void>((res) => gunzip.once('drain', () => res()));
            }
            gunzip.end();
          } catch (e) {
            gunzip.destroy(e as Error);
          }
        })();
        for await (const c of gunzip) onData(c as Buffer, false);
        await pump;
      } else {
        onData(c0, true);
        for (let r = await it.next(); !r.done; r = await it.next()) onData(typeof r.value === 'string' ? Buffer.from(r.value, 'latin1') : r.value, true);
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    error =
      err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message) ? FILE_ERRORS.truncatedGzip : err.code ? `${err.code}: ${err.message}` : err.message;
  } finally {
    await it?.return?.();
  }
  // the end of the text: a short input still waiting to be sniffed, the rest of a UTF-16 decoder
  if (!sniffed && head) onData(Buffer.alloc(0), false, true);
  else if (utf16) onData(Buffer.alloc(0), false, true);
  if (carry && !skipping) {
    const c: Buffer = carry;
    feed(c, 0, c.length, true);
  }
  if (parser) (parser as BlockParser).end();
  return { bytes, lines, error };
}

/**
 * The encoding of a text from its first bytes: `bom` bytes to drop and, for UTF-16, a streaming decoder. UTF-16
 * without a BOM is recognised only by its look (the first 32 code units all ASCII, every other byte 0).
 */
export function textEncoding(b: Buffer): { bom: number; decoder: TextDecoder | null } {
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { bom: 2, decoder: new TextDecoder('utf-16le') };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { bom: 2, decoder: new TextDecoder('utf-16be') };
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { bom: 3, decoder: null };
  if (b.length >= 64) {
    let le = true,
      be = true;
    for (let i = 0; i < 64; i += 2) {
      const x = b[i] as number,
        y = b[i + 1] as number;
      if (!(y === 0 && x >= 9 && x < 0x7f)) le = false;
      if (!(x === 0 && y >= 9 && y < 0x7f)) be = false;
    }
    if (le) return { bom: 0, decoder: new TextDecoder('utf-16le') };
    if (be) return { bom: 0, decoder: new TextDecoder('utf-16be') };
  }
  return { bom: 0, decoder: null };
}

/**
 * Reads a file in chunks into two reused buffers (1 MiB each unless given), the next read already running while the
 * caller works on the current chunk (the copy from the page cache happens on libuv's thread pool, off the main
 * thread). Each chunk is valid only until the next one is requested (the line splitter copies what it keeps), which
 * keeps the garbage collector out of the hot path.
 */
async function* readFileChunks(path: string, given?: [Buffer, Buffer]): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  const bufs = given ?? ([Buffer.allocUnsafe(1 << 20), Buffer.allocUnsafe(1 << 20)] as const);
  let k = 0;
  let pending: Promise<{ bytesRead: number }> | null = null;
  try {
    pending = fh.read(bufs[0], 0, bufs[0].length, null);
    for (;;) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead <= 0) break;
      const cur = bufs[k] as Buffer;
      k ^= 1;
      const next = bufs[k] as Buffer;
      pending = fh.read(next, 0, next.length, null);
      yield cur.subarray(0, bytesRead);
    }
  } finally {
    if (pending) await pending.catch(() => undefined);
    await fh.close();
  }
}
