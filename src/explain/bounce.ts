// Reads a bounce (.eml, also multipart/report with message/delivery-status) into the text explain matches, accounting for every part.
import type PostalMime from 'postal-mime';
import { MailtlsError } from '../errors.js';
import { UI } from './catalogue.js';
import type { Lang } from '../i18n/lang.js';
import { sanitize } from '../net/sanitize.js';

/** One recipient block of a message/delivery-status part (RFC 3464). */
export interface BounceRecipient {
  recipient: string;
  action: string;
  status: string;
  remoteMta: string;
  diagnosticCode: string;
}

/** One part of the bounce and what explain did with it: every part is listed, none is dropped in silence. */
export interface BouncePart {
  type: string;
  bytes: number;
  /** read: matched as error text; skipped: read but not matched, with the reason. */
  use: 'read' | 'skipped';
  reason?: 'duplicate-of-text' | 'returned-original-message' | 'not-text';
}

export interface BounceInfo {
  subject: string;
  from: string;
  date: string;
  reportingMta: string;
  recipients: BounceRecipient[];
  parts: BouncePart[];
  /** Who sent and who received, from the delivery-status fields (else from the NDR text); null when the bounce names no sender. */
  flow: MailFlow | null;
}

/** What explain matches for a bounce: the diagnostic codes first, then the notification text and the delivery status. */
export interface ReadBounce {
  info: BounceInfo;
  text: string;
}

/** OLE2 compound file (Outlook .msg) signature. */
const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/** True when `buf` is an Outlook .msg (OLE2) file. */
export function isOutlookMsg(buf: Uint8Array): boolean {
  return buf.length >= 8 && OLE2.every((b, i) => buf[i] === b);
}

/** True when `text` starts like an RFC 5322 message with MIME headers (a saved .eml), not a pasted NDR body. */
export function looksLikeEml(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  const end = head.search(/\r?\n\r?\n/);
  if (end <= 0) return false;
  const block = head.slice(0, end);
  if (!/^[!-9;-~]{1,80}:/.test(block)) return false;
  const names = [...block.matchAll(/^([!-9;-~]{1,80}):/gm)].map((m) => (m[1] as string).toLowerCase());
  return names.includes('content-type') || (names.includes('mime-version') && names.some((n) => n === 'from' || n === 'received' || n === 'subject'));
}

/** Parses the fields of a message/delivery-status body: per-message block, then one block per recipient. */
export function parseDeliveryStatus(body: string): { reportingMta: string; recipients: BounceRecipient[] } {
  const blocks = body
    .replace(/\r\n/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((b) => {
      const fields = new Map<string, string>();
      for (const line of b.replace(/\n[ \t]+/g, ' ').split('\n')) {
        const m = /^([A-Za-z][\w-]{0,60}):[ \t]*(.*)$/.exec(line);
        if (m) fields.set((m[1] as string).toLowerCase(), (m[2] as string).trim());
      }
      return fields;
    })
    .filter((f) => f.size > 0);
  const value = (f: Map<string, string>, k: string) => sanitize((f.get(k) ?? '').replace(/^[a-z0-9-]+;\s*/i, ''), 1000);
  const reportingMta = blocks[0] ? value(blocks[0], 'reporting-mta') : '';
  const recipients = blocks
    .filter((f) => f.has('final-recipient') || f.has('original-recipient'))
    .map((f) => ({
      recipient: value(f, 'final-recipient') || value(f, 'original-recipient'),
      action: value(f, 'action'),
      status: value(f, 'status'),
      remoteMta: value(f, 'remote-mta'),
      diagnosticCode: value(f, 'diagnostic-code'),
    }));
  return { reportingMta, recipients };
}

function ui(key: string, lang: Lang): string {
  return UI[key]?.[lang] ?? key;
}

const decoder = new TextDecoder('utf-8');

/** Reads a saved bounce. Throws MailtlsError('EINPUT') for an Outlook .msg or a message that cannot be parsed. */
export async function readBounce(buf: Uint8Array, lang: Lang = 'en'): Promise<ReadBounce> {
  if (isOutlookMsg(buf)) throw new MailtlsError('EINPUT', ui('explain.msg-refused', lang));
  let mail: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    // loaded here, on the first saved message (the bundled CLI then evaluates the parser only for an .eml)
    const { default: parser } = await import('postal-mime');
    mail = await parser.parse(buf, { forceRfc822Attachments: true, attachmentEncoding: 'arraybuffer' });
  } catch {
    throw new MailtlsError('EINPUT', ui('explain.eml-unreadable', lang));
  }
  const parts: BouncePart[] = [];
  const texts: string[] = [];
  const diagnostics: string[] = [];
  let reportingMta = '';
  const recipients: BounceRecipient[] = [];
  if (mail.text !== undefined) {
    parts.push({ type: 'text/plain', bytes: mail.text.length, use: 'read' });
    texts.push(mail.text);
  }
  if (mail.html !== undefined) {
    // The HTML alternative says what the text part says; it is read only when there is no text part.
    if (mail.text === undefined) {
      parts.push({ type: 'text/html', bytes: mail.html.length, use: 'read' });
      texts.push(mail.html);
    } else parts.push({ type: 'text/html', bytes: mail.html.length, use: 'skipped', reason: 'duplicate-of-text' });
  }
  for (const a of mail.attachments) {
    const type = a.mimeType.toLowerCase();
    const bytes = typeof a.content === 'string' ? a.content.length : a.content.byteLength;
    const body = typeof a.content === 'string' ? a.content : decoder.decode(a.content);
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      const ds = parseDeliveryStatus(body);
      reportingMta ||= ds.reportingMta;
      recipients.push(...ds.recipients);
      for (const r of ds.recipients) if (r.diagnosticCode) diagnostics.push(r.diagnosticCode);
      parts.push({ type, bytes, use: 'read' });
      texts.push(body);
    } else if (type === 'message/rfc822' || type === 'text/rfc822-headers' || type === 'message/rfc822-headers') {
      // The returned original message: its Received lines are the sender's, not the error.
      parts.push({ type, bytes, use: 'skipped', reason: 'returned-original-message' });
    } else if (type.startsWith('text/')) {
      parts.push({ type, bytes, use: 'read' });
      texts.push(body);
    } else {
      parts.push({ type, bytes, use: 'skipped', reason: 'not-text' });
    }
  }
  const info: BounceInfo = {
    subject: sanitize(mail.subject ?? '', 300),
    from: sanitize(mail.from?.address ?? mail.from?.name ?? '', 300),
    date: sanitize(mail.date ?? '', 100),
    reportingMta,
    recipients,
    parts,
    flow: flowOf(reportingMta, recipients.find((r) => hostOf(r.remoteMta))?.remoteMta ?? '', 'delivery-status') ?? flowFromText(texts.join('\n\n')),
  };
  // A NUL inside a decoded part (a mislabelled charset) is not text to match: it becomes a space.
  return { info, text: [...diagnostics, ...texts].join('\n\n').replace(/\0/g, ' ') };
}

/** Who sent and who received the failed delivery, as a bounce names them (Reporting-MTA = sender, Remote-MTA = receiver). */
export interface MailFlow {
  /** The server that tried to deliver and wrote the report (Reporting-MTA, "Generating server"). */
  sender: string;
  /** The server it tried to deliver to (Remote-MTA, "Receiving server"); '' when the bounce does not name it. */
  receiver: string;
  senderIsExchangeOnline: boolean;
  receiverIsExchangeOnline: boolean;
  /** Where the names were read. */
  source: 'delivery-status' | 'ndr-text';
}

/** A DNS host name (or an IPv4 literal) safe to show and to put in a command; anything else from a bounce is ignored. */
const HOST = /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}|\d{1,3}(?:\.\d{1,3}){3})$/i;
/** Exchange Online's own hosts (its Reporting-MTA and the MX of every tenant). */
const EXCHANGE_ONLINE = /(?:^|\.)(?:outlook\.com|exchangelabs\.com|office365\.com|outlook\.cn|office365\.us)$/i;

/** The host in a delivery-status value ("dns; mail.fabrikam.nl", "mail.fabrikam.nl (203.0.113.5)"), or ''. */
export function hostOf(value: string): string {
  const v =
    value
      .trim()
      .replace(/^dns\s*;\s*/i, '')
      .split(/[\s([]/)[0]
      ?.replace(/\.$/, '') ?? '';
  return v.length <= 253 && HOST.test(v) ? v.toLowerCase() : '';
}

/** True for an Exchange Online host name. */
export function isExchangeOnline(host: string): boolean {
  return host !== '' && EXCHANGE_ONLINE.test(host);
}

/** The flow from a Reporting-MTA and a Remote-MTA value; null without a valid reporting host. */
export function flowOf(reportingMta: string, remoteMta: string, source: MailFlow['source']): MailFlow | null {
  const sender = hostOf(reportingMta);
  if (!sender) return null;
  const receiver = hostOf(remoteMta);
  return { sender, receiver, senderIsExchangeOnline: isExchangeOnline(sender), receiverIsExchangeOnline: isExchangeOnline(receiver), source };
}

/**
 * The flow named in pasted NDR text: delivery-status fields ("Reporting-MTA: dns; …", "Remote-MTA: dns; …") or the
 * lines of an Exchange / Exchange Online NDR ("Generating server: …", "Receiving server: …", "Remote server: …", and
 * the Dutch "Genererende server" / "Ontvangende server"). Values that are not host names ("Remote Server returned '…'") are ignored.
 */
export function flowFromText(text: string): MailFlow | null {
  const head = text.slice(0, 200_000);
  const lower = head.toLowerCase();
  // a field's regexp runs only when one of its names is in the text (most pasted errors have none: nothing to compile)
  const field = (re: RegExp, ...names: string[]): string => {
    if (!names.some((n) => lower.includes(n))) return '';
    for (const m of head.matchAll(re)) {
      const h = hostOf(m[1] ?? '');
      if (h) return h;
    }
    return '';
  };
  const ds = flowOf(
    field(/^[ \t>]*reporting-mta:[ \t]*([^\r\n]{1,300})/gim, 'reporting-mta:'),
    field(/^[ \t>]*remote-mta:[ \t]*([^\r\n]{1,300})/gim, 'remote-mta:'),
    'ndr-text',
  );
  if (ds) return ds;
  return flowOf(
    field(
      /^[ \t>]*(?:generating server|genererende server|server die het bericht heeft gegenereerd)[ \t]*:[ \t]*([^\r\n]{1,300})/gim,
      'generating server',
      'genererende server',
      'server die het bericht heeft gegenereerd',
    ),
    field(
      /^[ \t>]*(?:receiving server|remote server|ontvangende server|externe server)[ \t]*:[ \t]*([^\r\n]{1,300})/gim,
      'receiving server',
      'remote server',
      'ontvangende server',
      'externe server',
    ),
    'ndr-text',
  );
}
