/** A configuration value that cannot be used; `message` is one line naming the setting and what it accepts. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'

  constructor(
    /** The environment variable or option at fault. */
    readonly setting: string,
    /** What the setting accepts. */
    readonly accepts: string,
    /** What it was given. */
    readonly received: unknown,
  ) {
    super(`${setting} must be ${accepts} (got ${JSON.stringify(received)})`)
  }
}
