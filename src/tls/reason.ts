// Shortens OpenSSL's error text ("...:SSL routines:ssl3_read_bytes:tlsv1 alert protocol version:../ssl/...:SSL alert
// number 70") to the part an admin can act on ("tlsv1 alert protocol version (alert 70)").

export function tlsReason(message: string): string {
  const m = /SSL routines:[^:]*:([^:]+):/.exec(message);
  if (!m) return message.replace(/\s+/g, ' ').trim();
  const alert = /SSL alert number (\d+)/.exec(message);
  return `${(m[1] as string).trim()}${alert ? ` (alert ${alert[1]})` : ''}`;
}
