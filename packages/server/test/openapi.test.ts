import { errors } from '@porchlight/protocol'
import fastifySwagger from '@fastify/swagger'
import { validate } from '@readme/openapi-parser'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError } from '../src/config/config-error.js'
import { startHostApp, type HostApp } from './support/host-app.js'
import { startServer, type TestServer } from './support/start-server.js'

let server: TestServer
let document: Record<string, any>
beforeAll(async () => {
  server = await startServer()
  document = (await (await fetch(`${server.url}/openapi.json`)).json()) as Record<string, any>
})
afterAll(async () => {
  await server.close()
})

/** Every operation of the document as `METHOD /path`. */
function operations(): Array<[string, Record<string, any>]> {
  return Object.entries(document.paths as Record<string, Record<string, any>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]): [string, Record<string, any>] => [`${method.toUpperCase()} ${path}`, operation]),
  )
}

/** The routes that need a signed-in agent: everything under /api/conversations and /api/sites, and /api/auth/me. */
const needsSession = (name: string) =>
  name.includes(' /api/conversations') ||
  name.includes(' /api/sites') ||
  name.includes(' /api/jobs') ||
  name.includes(' /api/agents') ||
  name.includes(' /api/monitoring') ||
  name.endsWith(' /api/auth/me') ||
  name.includes(' /api/canned-responses') ||
  name.includes(' /api/analytics') ||
  name === 'POST /api/auth/password'

describe('the OpenAPI document at /openapi.json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(document.openapi).toMatch(/^3\.0\./)
    // The parser dereferences in place: give it a copy.
    const result = await validate(structuredClone(document) as Parameters<typeof validate>[0])
    expect(result, JSON.stringify(result)).toMatchObject({ valid: true, warnings: [] })
  })

  it('documents the agent API and the beacon, not the sockets or its own pages', () => {
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        '/api/auth/login',
        '/api/auth/logout',
        '/api/auth/me',
        '/api/auth/password',
        '/api/agents',
        '/api/agents/{id}',
        '/api/agents/{id}/logout',
        '/api/monitoring',
        '/api/conversations',
        '/api/conversations/{id}',
        '/api/conversations/{id}/messages',
        '/api/conversations/{id}/presence',
        '/api/conversations/{id}/read',
        '/api/jobs/failed',
        '/api/sites/{id}/webhooks',
        '/api/sites/{id}/webhooks/{webhookId}',
        '/api/sites/{id}/webhooks/{webhookId}/deliveries',
        '/api/sites/{id}/webhooks/{webhookId}/test',
        '/api/visitor/beacon',
        '/api/visitor/resume',
        '/api/visitor/unsubscribe',
        '/api/conversations/{id}/followups',
        '/healthz',
        '/api/sites',
        '/api/sites/{id}',
        '/api/sites/{id}/identity-secret',
        '/api/conversations/{id}/take',
        '/api/conversations/{id}/finish',
        '/api/conversations/{id}/notes',
        '/api/canned-responses',
        '/api/canned-responses/{id}',
        '/api/analytics',
      ].sort(),
    )
  })

  it('marks as secured exactly the operations that need a session', () => {
    expect(document.security).toBeUndefined()
    expect(document.components.securitySchemes.session).toEqual({ type: 'apiKey', in: 'cookie', name: 'porchlight_session' })
    for (const [name, operation] of operations()) {
      expect(operation.security, name).toEqual(needsSession(name) ? [{ session: [] }] : undefined)
      if (needsSession(name)) expect(Object.keys(operation.responses), name).toContain('401')
    }
  })

  it('names every body and answer schema as a component', () => {
    const refs = new Set<string>()
    for (const [name, operation] of operations()) {
      const media = [operation.requestBody, ...Object.values(operation.responses as Record<string, any>)]
      for (const type of media.flatMap((item: any) => Object.values(item?.content ?? {})) as any[]) {
        expect(Object.keys(type.schema), name).toEqual(['$ref'])
        refs.add(type.schema.$ref)
      }
    }
    for (const ref of refs) expect(document.components.schemas[ref.replace('#/components/schemas/', '')], ref).toBeDefined()
    // Schemas shared by several answers are components too, referenced where they are used.
    expect(document.components.schemas.ConversationList.properties.conversations.items).toEqual({
      $ref: '#/components/schemas/ConversationSummary',
    })
    expect(document.components.schemas.ConversationSummary.properties.presence).toEqual({ $ref: '#/components/schemas/Presence' })
    expect(document.components.schemas.PostMessageBody.properties.text).toMatchObject({ maxLength: 4000 })
  })

  it('describes every answer, errors with the error schema and the codes the route answers with', () => {
    const codes = document.components.schemas.ErrorResponse.properties.code.enum as string[]
    expect(codes.sort()).toEqual(
      Object.entries(errors)
        .filter(([, definition]) => 'status' in definition)
        .map(([code]) => code)
        .sort(),
    )
    for (const [name, operation] of operations()) {
      for (const [status, answer] of Object.entries(operation.responses as Record<string, any>)) {
        expect(answer.description, `${name} ${status}`).not.toMatch(/^(Default Response)?$/)
        if (Number(status) < 400) continue
        expect(answer.content['application/json'].schema, `${name} ${status}`).toEqual({ $ref: '#/components/schemas/ErrorResponse' })
        const described = [...(answer.description as string).matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!)
        expect(described.length, `${name} ${status}`).toBeGreaterThan(0)
        for (const code of described) expect(String((errors as Record<string, { status?: number }>)[code]?.status), code).toBe(status)
      }
      expect(Object.keys(operation.responses), name).toContain(name === 'GET /healthz' ? '200' : '500')
    }
    const login = document.paths['/api/auth/login'].post.responses
    expect(Object.keys(login).sort()).toEqual(['200', '400', '401', '403', '413', '415', '429', '500'])
    expect(login['401'].description).toContain('`invalid_credentials`')
    expect(Object.keys(document.paths['/api/conversations/{id}'].get.responses).sort()).toEqual(['200', '400', '401', '404', '500'])
    expect(Object.keys(document.paths['/api/conversations/{id}/messages'].post.responses).sort()).toEqual(
      ['200', '201', '400', '401', '403', '404', '413', '415', '500'].sort(),
    )
  })

  it('documents the workflow: the 409 of take, and what each analytics number counts', () => {
    expect(document.paths['/api/conversations/{id}/take'].post.responses['409'].description).toContain('`conversation_taken`')
    const analytics = document.components.schemas.Analytics.properties
    for (const number of ['finished', 'active', 'answered', 'averageResponseMs', 'averageHandlingMs']) {
      expect(analytics[number].description.length, number).toBeGreaterThan(40)
    }
  })

  it("lists the beacon's text/plain body next to JSON", () => {
    const body = document.paths['/api/visitor/beacon'].post.requestBody
    expect(Object.keys(body.content).sort()).toEqual(['application/json', 'text/plain'])
    expect(body.content['text/plain'].schema).toEqual({ $ref: '#/components/schemas/BeaconBody' })
    expect(Object.keys(document.paths['/api/visitor/beacon'].post.responses).sort()).toEqual([
      '204',
      '400',
      '403',
      '413',
      '415',
      '429',
      '500',
    ])
  })

  it('serves Swagger UI at /docs', async () => {
    const docs = await fetch(`${server.url}/docs`)
    expect(docs.status).toBe(200)
    expect(await docs.text()).toContain('swagger-ui')
    // Served by @fastify/static.
    expect((await fetch(`${server.url}/docs/static/swagger-ui.css`)).status).toBe(200)
  })
})

describe('the docs option', () => {
  let host: HostApp | undefined
  afterEach(async () => {
    await host?.close()
  })

  it('turns /docs and /openapi.json off in a host app', async () => {
    host = await startHostApp({ docs: false })
    for (const path of ['/docs', '/openapi.json', '/docs/static/swagger-ui.css']) {
      expect((await fetch(`${host.url}${path}`)).status, path).toBe(404)
    }
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200)
  })

  it("leaves Porchlight's routes to a host app's own @fastify/swagger, which can document them", async () => {
    host = await startHostApp({ docs: false }, async (app) => {
      await app.register(fastifySwagger, { openapi: { info: { title: 'The host', version: '1.0.0' } } })
    })
    const hostDocument = host.app.swagger() as Record<string, any>
    expect(Object.keys(hostDocument.paths)).toContain('/api/conversations/{id}/messages')
    expect(hostDocument.paths['/api/auth/me'].get['x-session-required']).toBe(true)
    expect((await validate(structuredClone(hostDocument) as Parameters<typeof validate>[0])).valid).toBe(true)
  })

  it('refuses a value that is not a boolean', async () => {
    await expect(startHostApp({ docs: 'no' as unknown as boolean })).rejects.toThrow(new ConfigError('docs', 'true or false', 'no'))
  })
})
