import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import type { PorchlightOptions } from '../../src/config/options.js'
import { admin } from './start-server.js'

const child = new URL('./server-child.mjs', import.meta.url)

/** The built server running in a child process, for tests that stop, stall or kill it for real. */
export interface ServerProcess {
  process: ChildProcess
  url: string
  wsUrl: string
  dataDir: string
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | NodeJS.Signals | null>
  /** Kills the process for good (SIGKILL) and waits for it. */
  kill(): Promise<void>
  /** Kills it and deletes the data directory. */
  close(): Promise<void>
}

/**
 * Starts the built server (`packages/server/dist`, so run `npm run build` first) in a child process on
 * an ephemeral port (or `listen.port`), with a temporary data directory (or the given one) and the test
 * admin. Plain JSON options only (no clock).
 */
export async function startServerProcess(
  options: Partial<Omit<PorchlightOptions, 'clock'>> = {},
  listen: { port?: number } = {},
): Promise<ServerProcess> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'porchlight-child-'))
  const process = spawn(
    globalThis.process.execPath,
    [child.pathname, JSON.stringify({ admin, ...options, dataDir }), String(listen.port ?? 0)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => process.once('exit', (code, signal) => resolve(signal ?? code)))
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: process.stdout })
    lines.once('line', (line: string) => resolve((JSON.parse(line) as { port: number }).port))
    void exited.then((code) => reject(new Error(`the server process exited (${String(code)}) before it listened`)))
  })
  const url = `http://127.0.0.1:${port}`
  const kill = async () => {
    if (process.exitCode === null && process.signalCode === null) process.kill('SIGKILL')
    await exited
  }
  return {
    process,
    url,
    wsUrl: url.replace('http', 'ws'),
    dataDir,
    exited,
    kill,
    close: async () => {
      await kill()
      rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 })
    },
  }
}
