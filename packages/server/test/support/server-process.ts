import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { PorchlightOptions } from '../../src/config/options.js'

/** The real server in a child process, started by {@link startServerProcess}. */
export interface ServerProcess {
  url: string
  wsUrl: string
  child: ChildProcess
  /** Kills the process with SIGKILL (a crash: nothing is flushed or closed) and waits until it is gone. */
  crash(): Promise<void>
}

const script = fileURLToPath(new URL('./run-built-server.mjs', import.meta.url))
const builtApp = fileURLToPath(new URL('../../dist/app.js', import.meta.url))

/**
 * Starts the built server (`npm run build` first) in a child process with these options, on an
 * ephemeral loopback port, and resolves once it listens.
 */
export async function startServerProcess(options: PorchlightOptions): Promise<ServerProcess> {
  if (!existsSync(builtApp)) throw new Error('packages/server/dist is missing: run `npm run build` first')
  const child = spawn(process.execPath, [script], {
    env: { PATH: process.env.PATH ?? '', PORCHLIGHT_TEST_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let output = ''
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening (\d+)/.exec(output)
      if (match) resolve(Number(match[1]))
    })
    void exited.then(() => reject(new Error(`the server process exited with ${child.exitCode}: ${output}`)))
  })
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    wsUrl: `ws://127.0.0.1:${port}`,
    child,
    async crash() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}
