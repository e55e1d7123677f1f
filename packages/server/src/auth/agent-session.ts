import type { Agent } from '@porchlight/protocol'
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify'
import { PorchlightError } from '../errors/porchlight-error.js'
import { hashToken } from '../identity/tokens.js'
import type { Store } from '../store/store.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in agent, set by Porchlight's `authenticate` hook on agent routes. */
    porchlightAgent: Agent | null
    /** The stored hash of the signed-in agent's session token, set by the same hook. */
    porchlightSessionId: string | null
  }
}

/** The cookie that carries an agent's session token. */
export const sessionCookie = 'porchlight_session'

/**
 * Builds the hook that admits only signed-in agents: it reads the session cookie, looks the token's hash
 * up, and sets `request.porchlightAgent` and `request.porchlightSessionId`; anyone else gets 401
 * `unauthorized`.
 */
export function agentAuthenticator(store: Store, secret: string, clock: () => number): preHandlerAsyncHookHandler {
  return async function authenticate(request: FastifyRequest, _reply: FastifyReply) {
    const token = request.cookies[sessionCookie]
    const sessionId = token === undefined ? undefined : hashToken(secret, token)
    const agent = sessionId === undefined ? undefined : await store.agents.findBySession(sessionId, clock())
    if (!agent) throw new PorchlightError('unauthorized')
    request.porchlightAgent = agent
    request.porchlightSessionId = sessionId!
  }
}
