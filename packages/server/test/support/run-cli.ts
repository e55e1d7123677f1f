import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built `porchlight-server` bin. */
export const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url))

export interface RunningProcess {
  /** Resolves once the process has exited and its output is read: with its exit code, or the signal that killed it. */
  exited: Promise<number | NodeJS.Signals>
  /** Waits until the stream's output matches, and returns the match; fails if the process ends first. */
  waitFor(stream: 'stdout' | 'stderr', pattern: RegExp): Promise<RegExpExecArray>
  stdout(): string
  stderr(): string
  kill(signal: NodeJS.Signals): void
}

/**
 * Starts `command` with only the given environment (and PATH), and collects its output. Waiting is on
 * output events, never on a clock.
 */
export function runProcess(command: string, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(command, args, { env: { PATH: process.env.PATH ?? '', ...env } })
  const output = { stdout: '', stderr: '' }
  let closed = false
  const wake: Array<() => void> = []
  const notify = () => {
    for (const resolve of wake.splice(0)) resolve()
  }
  child.stdout.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString()
    notify()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString()
    notify()
  })
  const exited = new Promise<number | NodeJS.Signals>((resolve) =>
    child.on('close', (code, signal) => {
      closed = true
      resolve(code ?? signal!)
      notify()
    }),
  )
  return {
    exited,
    async waitFor(stream, pattern) {
      for (;;) {
        const match = pattern.exec(output[stream])
        if (match) return match
        if (closed) throw new Error(`no ${String(pattern)} in ${stream}; stdout: ${output.stdout}; stderr: ${output.stderr}`)
        await new Promise<void>((resolve) => wake.push(resolve))
      }
    },
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    kill: (signal) => child.kill(signal),
  }
}

/** Runs the built `porchlight-server` bin with these arguments and only the given environment. */
export function runCli(args: string[], env: Record<string, string>): RunningProcess {
  return runProcess(process.execPath, [cli, ...args], env)
}

/** The email and password in a boxed password notice. */
export async function passwordIn(running: RunningProcess, stream: 'stdout' | 'stderr'): Promise<{ email: string; password: string }> {
  const [, email, password] = await running.waitFor(stream, /email +(\S+) +│\n│ +password +(\S+) +│/)
  return { email: email!, password: password! }
}
