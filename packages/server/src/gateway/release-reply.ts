import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * A route hook for the socket addresses. A socket's Fastify reply is never sent (the upgrade writes its
 * own 101) but lives as long as the socket, since @fastify/websocket keeps it for error handling: what
 * other plugins hang on every reply (helmet's per-request `reply.helmet`, with a copy of its
 * configuration) would cost each connection its own copy. This lets go of it.
 */
export async function releaseReply(_request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (Object.hasOwn(reply, 'helmet')) (reply as unknown as { helmet: null }).helmet = null
}
