import { AgentResponse, LoginBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import type { ResolvedOptions } from '../config/options.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { decoyHash, hashPassword, needsRehash, verifyPassword } from '../identity/passwords.js'
import { hashToken, newToken } from '../identity/tokens.js'
import type { EventBus } from '../events/event-bus.js'
import type { Store } from '../store/store.js'
import { sessionRequired } from '../web/api-docs.js'
import { sessionCookie } from './agent-session.js'
import { deviceCookie, deviceCookieMaxAge, newDeviceToken, trustedDevice } from './device-cookie.js'
import { SignInThrottle } from './sign-in-throttle.js'

/** `POST /api/auth/login`, `POST /api/auth/logout` and `GET /api/auth/me`. */
export function authRoutes(
  app: FastifyInstance,
  context: { store: Store; bus: EventBus; secret: string; options: ResolvedOptions; authenticate: preHandlerAsyncHookHandler },
  done: () => void,
): void {
  const { store, secret, options } = context
  const cookieOptions = {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: options.publicUrl.startsWith('https:'),
  } as const
  const throttle = new SignInThrottle(store.signInAttempts, secret, options.rateLimits)
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
            'agent_disabled',
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
      const now = options.clock()
      const credentials = await store.agents.findCredentials(email)
      const deviceId = credentials && trustedDevice(secret, credentials.agent.id, request.cookies[deviceCookie])
      const attempts = throttle.key(email, deviceId)
      await throttle.admit(attempts, now, reply)
      // An unknown email costs one hash too, so that the time of the answer does not tell it from a wrong password.
      const matches = await verifyPassword(password, credentials?.passwordHash ?? decoyHash(options.passwordCost))
      if (!credentials || !matches) throw new PorchlightError('invalid_credentials')
      const { agent, passwordHash } = credentials
      if (agent.disabled) throw new PorchlightError('agent_disabled')
      await throttle.reset(attempts)
      if (needsRehash(passwordHash, options.passwordCost)) {
        await store.agents.replacePasswordHash(agent.id, passwordHash, await hashPassword(password, options.passwordCost))
      }
      const token = newToken()
      await store.agents.deleteExpiredSessions(now)
      await store.agents.createSession({
        id: hashToken(secret, token),
        agentId: agent.id,
        createdAt: now,
        expiresAt: now + options.timings.agentSessionTtl,
      })
      reply.setCookie(sessionCookie, token, { ...cookieOptions, maxAge: Math.floor(options.timings.agentSessionTtl / 1000) })
      if (deviceId === undefined) {
        reply.setCookie(deviceCookie, newDeviceToken(secret, agent.id), {
          ...cookieOptions,
          path: '/api/auth/login',
          maxAge: deviceCookieMaxAge,
        })
      }
      return { agent }
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
      if (token) {
        const sessionId = hashToken(secret, token)
        await store.agents.deleteSession(sessionId)
        // The session's open sockets end with it, at once.
        context.bus.emit('agent.session_ended', { sessionId })
      }
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
    (request) => ({ agent: request.porchlightAgent! }),
  )
  done()
}
