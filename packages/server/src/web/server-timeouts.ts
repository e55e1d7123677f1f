import type { Server } from 'node:http'
import type { FastifyHttpOptions } from 'fastify'

/**
 * How long the standalone server waits for a client, in milliseconds. Node's own defaults keep a silent
 * connection for a minute or more (headers 60 s, Fastify's keep-alive 72 s, no request deadline at all), which
 * lets slow or idle clients hold sockets cheaply. WebSockets are not affected: an upgraded connection leaves
 * these deadlines behind and is watched by the heartbeat instead.
 */
export interface ServerTimeouts {
  /** How long a kept-alive connection may sit idle between two requests (Node adds a second of its own). */
  keepAlive: number
  /** How long a client may take to send the request line and headers; a stalled one gets 408 `request_timeout`. */
  headers: number
  /** How long a client may take to send a whole request, body included. At least `headers`. */
  request: number
  /** How long a connection may make no progress at all, e.g. a client that stops reading the answer. */
  idle: number
}

export const defaultServerTimeouts: ServerTimeouts = {
  keepAlive: 5_000,
  headers: 10_000,
  request: 30_000,
  idle: 30_000,
}

/**
 * The Fastify options that apply {@link ServerTimeouts}. Node checks the header and request deadlines on a
 * timer, not per socket: it runs every tenth of the header deadline (at most every second), so a stalled
 * client is dropped within `headers` plus that tenth.
 */
export function serverTimeoutOptions(timeouts: ServerTimeouts): FastifyHttpOptions<Server> {
  return {
    keepAliveTimeout: timeouts.keepAlive,
    requestTimeout: Math.max(timeouts.request, timeouts.headers),
    connectionTimeout: timeouts.idle,
    http: { headersTimeout: timeouts.headers, connectionsCheckingInterval: Math.min(1_000, Math.ceil(timeouts.headers / 10)) },
  }
}
