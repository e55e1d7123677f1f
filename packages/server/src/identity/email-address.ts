/**
 * The addresses a browser's `<input type="email">` accepts (the HTML standard's "valid e-mail address"),
 * with a dot in the domain: follow-up emails go over the internet, where `name@localhost` reaches no one.
 */
const emailAddress =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/

/**
 * Whether replies can be sent to this address.
 *
 * @example
 * ```ts
 * isEmailAddress('ada@example.com') // true
 * isEmailAddress('ada@example') // false
 * ```
 */
export function isEmailAddress(value: string): boolean {
  return emailAddress.test(value)
}
