import type { Site } from '@porchlight/protocol'
import { SiteFollowupForm } from './SiteFollowupForm.js'
import { SiteGeneralForm } from './SiteGeneralForm.js'
import { SiteIdentitySettings } from './SiteIdentitySettings.js'
import { SitePresenceForm } from './SitePresenceForm.js'
import { SiteWidgetForm } from './SiteWidgetForm.js'

/**
 * One site's settings, a form per concern so that each saves (and reports its error) on its own; each
 * sends only its own settings, so a server default left alone stays a default.
 */
export function SiteEditor(props: { site: Site; onSaved: (site: Site) => void }) {
  const { site, onSaved } = props
  return (
    <div class="site-editor">
      <p class="help">
        The script tag for this site: <code>{`<script async src="${location.origin}/widget.js" data-site="${site.id}"></script>`}</code>
      </p>
      <SiteGeneralForm site={site} onSaved={onSaved} />
      <SiteWidgetForm site={site} onSaved={onSaved} />
      <SiteIdentitySettings site={site} onSaved={onSaved} />
      <SitePresenceForm site={site} onSaved={onSaved} />
      <SiteFollowupForm site={site} onSaved={onSaved} />
    </div>
  )
}
