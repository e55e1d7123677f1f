import { randomUUID } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

function code(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error)
}

/**
 * Creates the missing directories of `dir` one level at a time. Node's `mkdir` with `recursive` spins
 * forever where a directory exists but cannot hold the child it is asked for (under `/proc`, or below a
 * dangling symlink): it reads ENOENT as "create the parent first", and the parent always exists.
 */
function createMissing(dir: string): void {
  const missing: string[] = []
  for (let path = resolve(dir); !existsSync(path); path = dirname(path)) {
    missing.unshift(path)
    if (dirname(path) === path) break
  }
  for (const path of missing) mkdirSync(path)
}

/**
 * Makes sure the data directory can hold the database: creates it if it is missing, then creates and
 * removes a file in it (`access()` answers yes to root even where a write fails, e.g. in `/proc`).
 * Returns why it cannot be used, or `undefined` when it can.
 *
 * @example
 * ```ts
 * prepareDataDir('./data') // undefined: ./data exists now and is writable
 * prepareDataDir('/etc/hostname') // 'it is a file'
 * ```
 */
export function prepareDataDir(dir: string): string | undefined {
  try {
    createMissing(dir)
  } catch (error) {
    return `it cannot be created (${code(error)})`
  }
  let stats
  try {
    stats = statSync(dir)
  } catch (error) {
    return `it cannot be read (${code(error)})`
  }
  if (!stats.isDirectory()) return stats.isFile() ? 'it is a file' : 'it is not a directory'
  const probe = join(dir, `.porchlight-write-check-${randomUUID()}`)
  try {
    closeSync(openSync(probe, 'wx'))
    unlinkSync(probe)
  } catch (error) {
    return `it is not writable (${code(error)})`
  }
  return undefined
}
