// The SMTP client's error: a stable code (ETIMEDOUT, EPROTOCOL, ECONNECT, ELIMIT, ETLS) plus the phase and the reply.
import { MailtlsError, type ErrorCode } from '../errors.js';
import { classifyTlsError, type TlsFailure } from '../tls/failure.js';
import type { Reply } from './reply.js';

/** Where in the session something happened: `connect`, `greeting`, `ehlo`, `helo`, `starttls`, `tls`, `mail`, ... */
export type SmtpPhase = string;

export class SmtpError extends MailtlsError {
  readonly phase: SmtpPhase;
  /** The server's reply that caused the error, when there was one. */
  readonly reply: Reply | null;
  constructor(code: ErrorCode, message: string, phase: SmtpPhase, detail: Record<string, unknown> = {}, reply: Reply | null = null) {
    super(code, message, { ...detail, phase, ...(reply ? { reply: { code: reply.code, lines: reply.lines } } : {}) });
    this.phase = phase;
    this.reply = reply;
  }
}

/** True when `e` is an SmtpError. */
export function isSmtpError(e: unknown): e is SmtpError {
  return e instanceof SmtpError;
}

/**
 * The TLS failure an error of `upgrade()` carries (classified from node:tls's error where it was met), or the one its
 * code means; `other` for an error that is not the SMTP client's (a local one: bad options).
 */
export function tlsFailureOf(e: unknown): TlsFailure {
  if (!isSmtpError(e)) return { kind: 'other' };
  const t = e.detail.tls as TlsFailure | undefined;
  return t ?? classifyTlsError(e.code === 'ETIMEDOUT' ? 'ETIMEDOUT' : e.detail.cause);
}
