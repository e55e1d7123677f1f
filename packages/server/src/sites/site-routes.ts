import { CreateSiteBody, IdentitySecretResponse, SiteList, SiteParams, SiteResponse, UpdateSiteBody } from '@porchlight/protocol'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify'
import { adminWriteErrors } from '../auth/admin-write-errors.js'
import { requireAdmin } from '../auth/require-admin.js'
import { errorResponses } from '../errors/error-responses.js'
import { PorchlightError } from '../errors/porchlight-error.js'
import { sessionRequired } from '../web/api-docs.js'
import type { SiteDirectory } from './site-directory.js'
import { siteChanges, siteView } from './site-settings.js'

/**
 * The admins' sites API: `GET/POST /api/sites`, `GET/PATCH /api/sites/:id` and
 * `POST /api/sites/:id/identity-secret`. Every route needs a signed-in admin; other agents get 403
 * `admin_required`. A change takes effect at once (see {@link SiteDirectory}).
 */
export async function siteRoutes(
  app: FastifyInstance,
  context: { sites: SiteDirectory; authenticate: preHandlerAsyncHookHandler },
): Promise<void> {
  const { sites } = context
  app.addHook('preHandler', context.authenticate)
  app.addHook('preHandler', requireAdmin)
  const typed = app.withTypeProvider<TypeBoxTypeProvider>()
  const found = async (id: string) => {
    const site = await sites.find(id)
    if (!site) throw new PorchlightError('site_not_found')
    return site
  }

  typed.get(
    '/api/sites',
    {
      schema: {
        summary: 'Every site with the settings in effect (its own, or the server defaults)',
        tags: ['sites'],
        ...sessionRequired,
        response: { 200: SiteList, ...errorResponses('unauthorized', 'admin_required') },
      },
    },
    async () => ({ sites: (await sites.list()).map(siteView) }),
  )

  typed.post(
    '/api/sites',
    {
      schema: {
        summary: 'Create a site; settings left out follow the server defaults',
        tags: ['sites'],
        ...sessionRequired,
        body: CreateSiteBody,
        response: {
          201: SiteResponse,
          ...errorResponses(...adminWriteErrors, 'invalid_setting', 'site_exists', 'identity_secret_missing'),
        },
      },
    },
    async (request, reply) => {
      const { id, name } = request.body
      const site = await sites.create(id, { ...siteChanges(request.body), name })
      reply.status(201)
      return { site: siteView(site) }
    },
  )

  typed.get(
    '/api/sites/:id',
    {
      schema: {
        summary: 'A site with the settings in effect',
        tags: ['sites'],
        ...sessionRequired,
        params: SiteParams,
        response: { 200: SiteResponse, ...errorResponses('bad_request', 'unauthorized', 'admin_required', 'site_not_found') },
      },
    },
    async (request) => ({ site: siteView(await found(request.params.id)) }),
  )

  typed.patch(
    '/api/sites/:id',
    {
      schema: {
        summary: 'Change settings; null resets one to the server default. Takes effect at once',
        tags: ['sites'],
        ...sessionRequired,
        params: SiteParams,
        body: UpdateSiteBody,
        response: {
          200: SiteResponse,
          ...errorResponses(...adminWriteErrors, 'invalid_setting', 'site_not_found', 'identity_secret_missing'),
        },
      },
    },
    async (request) => ({ site: siteView(await sites.update(request.params.id, siteChanges(request.body))) }),
  )

  typed.post(
    '/api/sites/:id/identity-secret',
    {
      schema: {
        summary: "Generate or rotate the site's identity secret, shown in this answer only; hashes made with the old one stop verifying",
        tags: ['sites'],
        ...sessionRequired,
        params: SiteParams,
        response: { 200: IdentitySecretResponse, ...errorResponses(...adminWriteErrors, 'site_not_found') },
      },
    },
    async (request) => {
      const { secret, site } = await sites.rotateIdentitySecret(request.params.id)
      return { secret, site: siteView(site) }
    },
  )
}
