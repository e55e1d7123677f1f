import type { Site } from '@porchlight/protocol'

/** Props of each of a site's settings forms: the site as it is, and what to do with the saved one. */
export interface SiteFormProps {
  site: Site
  onSaved: (site: Site) => void
}
