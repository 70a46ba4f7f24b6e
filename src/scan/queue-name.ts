// The default BullMQ queue name, in a module of its own so that option parsing and the library entry need not load BullMQ.
export const DEFAULT_QUEUE_NAME = 'mailtls-scan';
