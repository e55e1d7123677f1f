import { randomBytes } from 'node:crypto'

/** A random password of 16 URL-safe characters (96 bits). */
export function generatePassword(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * A generated password as a boxed block of plain lines, to stand out between log lines: it is shown
 * only this once and kept nowhere in clear.
 *
 * @example
 * ```ts
 * process.stderr.write(passwordNotice('Created the first admin.', 'admin@localhost', generatePassword()))
 * ```
 */
export function passwordNotice(heading: string, email: string, password: string): string {
  const lines = [
    heading,
    '',
    `  email     ${email}`,
    `  password  ${password}`,
    '',
    'It is shown only now. To set a new one later, run',
    `  porchlight-server reset-password ${email}`,
  ]
  const width = Math.max(...lines.map((line) => line.length))
  const rule = '─'.repeat(width + 2)
  return [`┌${rule}┐`, ...lines.map((line) => `│ ${line.padEnd(width)} │`), `└${rule}┘`, ''].join('\n')
}
