import type { Ref } from 'preact'
import { Launcher } from './Launcher.js'
import { Panel, type PanelProps } from './Panel.js'

/** Props of {@link WidgetView}: everything it shows and every way the visitor can act. */
export interface WidgetViewProps extends PanelProps {
  launcherRef: Ref<HTMLButtonElement>
  unread: number
  /** Hide the launcher (the site hides it while nobody is online, and the visitor has no conversation). */
  launcherHidden: boolean
  onOpen: () => void
}

/**
 * The whole widget as a pure function of its props. It holds no state of its own: the controller in
 * `createWidget` renders it again on every change, which keeps preact/hooks out of the bundle.
 */
export function WidgetView({ launcherRef, unread, launcherHidden, onOpen, ...panel }: WidgetViewProps) {
  return (
    <div class="root">
      <Launcher open={panel.open} unread={unread} hidden={launcherHidden} buttonRef={launcherRef} onOpen={onOpen} />
      <Panel {...panel} />
    </div>
  )
}
