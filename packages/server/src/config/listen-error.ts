import { ConfigError } from './config-error.js'

/**
 * The start-up failure behind an error from `listen`, naming `PORT` or `HOST`; `undefined` when the
 * error is not about either.
 *
 * @example
 * ```ts
 * await app.listen({ port, host }).catch((error) => { throw listenError(error, port, host) ?? error })
 * ```
 */
export function listenError(error: unknown, port: number, host: string): ConfigError | undefined {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'EADDRINUSE':
      return new ConfigError('PORT', `a port that no other program listens on at HOST ${host}`, port, 'it is in use')
    case 'EACCES':
      return new ConfigError('PORT', 'a port this user may listen on (1024 or above without privileges)', port, 'permission denied')
    case 'EADDRNOTAVAIL':
      return new ConfigError('HOST', 'an address of this machine', host, 'it is not one')
    default:
      return undefined
  }
}
