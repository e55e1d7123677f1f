/**
 * The address in a mailbox as configuration writes it (`Name <address@example.com>` or a bare address).
 *
 * @example
 * ```ts
 * mailboxAddress('Porchlight <no-reply@localhost>') // 'no-reply@localhost'
 * ```
 */
export const mailboxAddress = (mailbox: string): string => /<([^<>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox.trim()
