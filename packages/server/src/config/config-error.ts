/** One setting that cannot be used. */
export interface ConfigProblem {
  /** The environment variable or option at fault. */
  readonly setting: string
  /** What the setting accepts. */
  readonly accepts: string
  /** What it was given. */
  readonly received: unknown
  /** Why the value was refused, when what it accepts does not say it (e.g. `it is a file`). */
  readonly reason?: string | undefined
}

function describe({ setting, accepts, received, reason }: ConfigProblem): string {
  return `${setting} must be ${accepts} (got ${JSON.stringify(received)}${reason === undefined ? '' : `: ${reason}`})`
}

/**
 * Configuration that cannot be used. Its message has one line per bad setting, each naming the setting
 * and what it accepts, so that one start reports every mistake. `setting`, `accepts` and `received`
 * describe the first of them; `problems` lists them all.
 *
 * @example
 * ```ts
 * try {
 *   await app.register(porchlight, { dataDir: '/etc/passwd', timings: { heartbeatInterval: 0 } })
 * } catch (error) {
 *   if (error instanceof ConfigError) for (const { setting } of error.problems) console.error(setting)
 * }
 * ```
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly problems: readonly ConfigProblem[]
  readonly setting: string
  readonly accepts: string
  readonly received: unknown

  constructor(setting: string, accepts: string, received: unknown, reason?: string)
  constructor(problems: readonly [ConfigProblem, ...ConfigProblem[]])
  constructor(...args: [string, string, unknown, string?] | [readonly [ConfigProblem, ...ConfigProblem[]]]) {
    const problems: readonly [ConfigProblem, ...ConfigProblem[]] =
      args.length === 1 ? args[0] : [{ setting: args[0], accepts: args[1], received: args[2], reason: args[3] }]
    super(problems.map(describe).join('\n'))
    this.problems = problems
    const [first] = problems
    this.setting = first.setting
    this.accepts = first.accepts
    this.received = first.received
  }
}
