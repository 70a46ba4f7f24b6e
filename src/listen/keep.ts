// Opt-in sample of accepted test messages (--keep-dir): bounded in count and size, written with private permissions.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Writes at most `maxCount` messages of at most `maxBytes` each; everything else is counted and dropped. */
export class Keeper {
  private count = 0;
  /** Write failures (disk full, permissions), for the caller to report once. */
  readonly errors: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly maxCount: number,
    private readonly maxBytes: number,
  ) {}

  /**
   * Stores one message. `raw` is the DATA stream as received (dot-stuffed, possibly including the terminator);
   * `bodyLength` is the message length without the terminator. Returns the file name, or null when over the count.
   */
  keep(sessionId: string, n: number, raw: Buffer, bodyLength: number): string | null {
    if (this.count >= this.maxCount) return null;
    this.count++;
    const truncated = raw.length < bodyLength || bodyLength > this.maxBytes;
    let body = raw.subarray(0, Math.min(bodyLength, this.maxBytes, raw.length));
    // Undo dot-stuffing (RFC 5321 §4.5.2): a leading ".." on any line stands for ".".
    body = Buffer.from(body.toString('latin1').replace(/(^|\r\n)\.\./g, '$1.'), 'latin1');
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${sessionId}-${n}${truncated ? '-truncated' : ''}.eml`;
    const file = join(this.dir, name);
    writeFile(file, body, { mode: 0o600, flag: 'wx' }).catch((e: Error) => {
      if (this.errors.length < 10) this.errors.push(`${file}: ${e.message}`);
    });
    return file;
  }
}
