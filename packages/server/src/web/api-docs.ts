import { STATUS_CODES } from 'node:http'
import { createRequire } from 'node:module'
import fastifySwagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance, FastifySchema } from 'fastify'
import { sessionCookie } from '../auth/agent-session.js'
import { pagePolicy } from './security-headers.js'

const sessionMarker = 'x-session-required'

/**
 * Marks a route schema as needing a signed-in agent: spread it into the schema. The API reference turns
 * it into the route's `security` (the session cookie). A `security` in the schema itself would name a scheme
 * that a host app's own @fastify/swagger document lacks, and that fails to generate; there the mark stays an
 * `x-` extension of the operation.
 *
 * @example
 * ```ts
 * schema: { summary: 'The signed-in agent', ...sessionRequired, response: { 200: AgentResponse } }
 * ```
 */
export const sessionRequired = { [sessionMarker]: true } as const

/** Gives the routes marked with {@link sessionRequired} their `security`. */
const securedBySession: SwaggerTransform = ({ schema, url }) => {
  if (!schema || !(sessionMarker in schema)) return { schema, url }
  const { [sessionMarker]: _marked, ...rest } = schema as FastifySchema & { [sessionMarker]?: true }
  return { schema: { ...rest, security: [{ session: [] }] }, url }
}

/** The parts of an operation in the generated document that name schemas. */
interface Operation {
  requestBody?: { content?: Record<string, { schema?: object }> }
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: object }> }>
}

/**
 * Makes every body and answer a named component. @fastify/swagger turns the schemas with an `$id` nested
 * in a body or an answer into `#/components/schemas/<$id>` references, but leaves the top-level one inline,
 * `$id` dropped. Every protocol schema has a `title` equal to its `$id`, which stays: a body or answer
 * schema with a title moves to the components and is referenced by it. Answers described by nothing but
 * the default text are described by the name of their status.
 */
const nameBodiesAndAnswers: SwaggerTransformObject = (generated) => {
  if (!('openapiObject' in generated)) return generated.swaggerObject
  const document = generated.openapiObject as {
    paths?: Record<string, Record<string, Operation>>
    components?: { schemas?: Record<string, object> }
  }
  const components = ((document.components ??= {}).schemas ??= {})
  for (const operation of Object.values(document.paths ?? {}).flatMap((path) => Object.values(path))) {
    const answers = Object.entries(operation.responses ?? {})
    for (const [status, answer] of answers) {
      if (answer.description === 'Default Response') answer.description = STATUS_CODES[status] ?? status
    }
    for (const media of [operation.requestBody, ...answers.map(([, answer]) => answer)]) {
      for (const type of Object.values(media?.content ?? {})) {
        if (!type.schema || !('title' in type.schema) || typeof type.schema.title !== 'string') continue
        components[type.schema.title] ??= type.schema
        type.schema = { $ref: `#/components/schemas/${type.schema.title}` }
      }
    }
  }
  return generated.openapiObject
}

/**
 * The API reference: `/openapi.json` (OpenAPI 3.0, generated from the route schemas, which are the
 * protocol's) and Swagger UI at `/docs`, under the same strict page policy as every other page.
 */
export async function apiDocs(app: FastifyInstance): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Porchlight',
        version: '0.1.0',
        description: "Porchlight's agent REST API. Errors answer with `{ code, message, statusCode }`.",
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: sessionCookie } } },
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: securedBySession,
    transformObject: nameBodiesAndAnswers,
  })
  // The hashes of Swagger UI's inline scripts and styles, as it publishes them for its own `staticCSP`.
  const inline = createRequire(import.meta.url)('@fastify/swagger-ui/static/csp.json') as { script: string[]; style: string[] }
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: pagePolicy({ scripts: inline.script, styles: inline.style }),
    // Without the top bar: its Swagger logo is an SVG with an inline <style>, and its address box is of no use here.
    uiConfig: { layout: 'BaseLayout' },
  })
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger())
}
