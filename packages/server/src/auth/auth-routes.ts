import { AgentResponse, LoginBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { hashPassword, verifyPassword } from '../identity/passwords.js'
import { hashToken, newToken } from '../identity/tokens.js'
import type { Store } from '../store/store.js'
import { sessionRequired } from '../web/api-docs.js'
import { sessionCookie } from './agent-session.js'

/** Compared against when the email is unknown, so that a wrong email takes as long as a wrong password. */
const decoyHash = hashPassword('porchlight-decoy-password')

/** `POST /api/auth/login`, `POST /api/auth/logout` and `GET /api/auth/me`. */
export async function authRoutes(
  app: FastifyInstance,
  context: { store: Store; secret: string; options: ResolvedOptions; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { store, secret, options } = context
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: options.publicUrl.startsWith('https:'),
  } as const
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()

  typed.post(
    '/api/auth/login',
    {
      schema: {
        summary: 'Sign in as an agent; sets the session cookie',
        tags: ['auth'],
        body: LoginBody,
        response: {
          200: AgentResponse,
          ...errorResponses(
            'bad_request',
            'forbidden_origin',
            'invalid_credentials',
            'payload_too_large',
            'unsupported_media_type',
            'rate_limited',
          ),
        },
      },
      config: { rateLimit: { max: options.rateLimits.loginAttemptsPerMinute, timeWindow: 60_000 } },
    },
    async (request, reply) => {
      const { email, password } = request.body
      const agent = await store.agents.findByEmail(email)
      const matches = await verifyPassword(password, agent?.password_hash ?? (await decoyHash))
      if (!agent || !matches) throw new PorchlightError('invalid_credentials')
      const token = newToken()
      const now = options.clock()
      await store.agents.deleteExpiredSessions(now)
      await store.agents.createSession({
        id: hashToken(secret, token),
        agent_id: agent.id,
        created_at: now,
        expires_at: now + options.timings.agentSessionTtl,
      })
      reply.setCookie(sessionCookie, token, { ...cookieOptions, maxAge: Math.floor(options.timings.agentSessionTtl / 1000) })
      return { agent: { id: agent.id, email: agent.email, name: agent.name, role: agent.role } }
    },
  )

  app.post(
    '/api/auth/logout',
    {
      schema: {
        summary: 'Sign out: ends the session, if there is one',
        tags: ['auth'],
        response: {
          204: { type: 'null' },
          ...errorResponses('bad_request', 'forbidden_origin', 'payload_too_large', 'unsupported_media_type'),
        },
      },
    },
    async (request, reply) => {
      const token = request.cookies[sessionCookie]
      if (token) await store.agents.deleteSession(hashToken(secret, token))
      reply.clearCookie(sessionCookie, cookieOptions).status(204)
      return null
    },
  )

  app.get(
    '/api/auth/me',
    {
      preHandler: context.authenticate,
      schema: {
        summary: 'The signed-in agent',
        tags: ['auth'],
        ...sessionRequired,
        response: { 200: AgentResponse, ...errorResponses('unauthorized') },
      },
    },
    async (request) => ({ agent: request.porchlightAgent! }),
  )
}
