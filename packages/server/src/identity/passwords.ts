import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto'

/** scrypt's cost: `N` (CPU and memory, a power of two), `r` (block size) and `p` (parallelism). */
export interface ScryptCost {
  N: number
  r: number
  p: number
}

/**
 * The cost new hashes are made at unless configured otherwise: OWASP's Password Storage Cheat Sheet
 * recommendation. One hash takes 128 MiB and about 300 ms on one core of the machines Porchlight is
 * tested on.
 */
export const defaultPasswordCost: ScryptCost = { N: 2 ** 17, r: 8, p: 1 }

const keyLength = 32
const saltLength = 16

/**
 * Node refuses to use more than `maxmem` (32 MiB by default, too little for the current cost). scrypt
 * needs 128·N·r bytes for its table and 128·r·p for its blocks; the margin is for OpenSSL's own.
 */
function maxmem({ N, r, p }: ScryptCost): number {
  return 128 * r * (N + p) + 1024 * 1024
}

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, { ...cost, maxmem: maxmem(cost) }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  )
}

function format({ N, r, p }: ScryptCost, salt: Buffer, key: Buffer): string {
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`
}

function parse(hash: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const [scheme, N, r, p, salt, key, ...rest] = hash.split('$')
  const cost = { N: Number(N), r: Number(r), p: Number(p) }
  if (scheme !== 'scrypt' || !salt || !key || rest.length > 0 || !Object.values(cost).every(Number.isSafeInteger)) return undefined
  return { cost, salt: Buffer.from(salt, 'base64url'), key: Buffer.from(key, 'base64url') }
}

/**
 * Hashes a password with scrypt; the result carries its salt and cost, so that it can still be checked
 * after the cost changes.
 *
 * @example
 * ```ts
 * const hash = await hashPassword('correct horse battery staple') // 'scrypt$131072$8$1$<salt>$<key>'
 * ```
 */
export async function hashPassword(password: string, cost: ScryptCost = defaultPasswordCost): Promise<string> {
  const salt = randomBytes(saltLength)
  return format(cost, salt, await derive(password, salt, cost))
}

/**
 * Checks a password against a hash from {@link hashPassword}, in constant time; a malformed hash matches
 * nothing.
 *
 * @example
 * ```ts
 * if (await verifyPassword(password, stored)) signIn()
 * ```
 */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parse(hash)
  if (!parsed) return false
  const key = await derive(password, parsed.salt, parsed.cost)
  return parsed.key.length === key.length && timingSafeEqual(parsed.key, key)
}

/**
 * Whether a hash was made at another cost than `cost` and should be replaced by a new hash of the same
 * password, the next time the password is known (at sign-in). A higher cost is replaced too: every
 * account then costs the same to check, so the time of a sign-in tells nothing about the account.
 */
export function needsRehash(hash: string, cost: ScryptCost = defaultPasswordCost): boolean {
  const parsed = parse(hash)
  return !parsed || parsed.cost.N !== cost.N || parsed.cost.r !== cost.r || parsed.cost.p !== cost.p
}

/**
 * A hash that no password matches, at `cost`: checking a password for an unknown email against it takes
 * as long as checking one against a real account's hash made at the same cost.
 *
 * @example
 * ```ts
 * await verifyPassword(password, account?.passwordHash ?? decoyHash(cost))
 * ```
 */
export function decoyHash(cost: ScryptCost = defaultPasswordCost): string {
  return format(cost, randomBytes(saltLength), randomBytes(keyLength))
}
