import type { Agent, AgentServerFrame } from '@porchlight/protocol'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { trackActivity } from './activity.js'
import { connectAgentSocket, type AgentSocket, type SocketStatus } from './agent-socket.js'
import { api } from './api.js'
import { Attention } from './Attention.js'
import { InboxContext, type Inbox } from './inbox-context.js'
import { InboxPage } from './queue/InboxPage.js'
import { routeHref, useRoute, type Route } from './route.js'
import { AnalyticsPage, ProfilePage, SettingsPage } from './settings/index.js'

const statusText: Record<SocketStatus, string> = {
  connecting: 'Connecting…',
  connected: '',
  reconnecting: 'Connection lost. Reconnecting…',
}

function NavLink(props: { route: Route; current: Route; children: string }) {
  const current = props.route.page === props.current.page
  return (
    <a href={routeHref(props.route)} aria-current={current ? 'page' : undefined}>
      {props.children}
    </a>
  )
}

/**
 * The signed-in inbox: navigation (Inbox, Analytics, Settings for admins, Profile, Sign out), the
 * connection's state, and the page of the current route. It owns the agent socket: opened here, closed
 * on sign-out; `onSignedOut` says why the session ended.
 */
export function Shell(props: { agent: Agent; onSignedOut: (notice: string | null) => void; onAgent: (agent: Agent) => void }) {
  const route = useRoute()
  const [status, setStatus] = useState<SocketStatus>('connecting')
  const [generation, setGeneration] = useState(0)
  const socket = useRef<AgentSocket>()
  const listeners = useRef(new Set<(frame: AgentServerFrame) => void>())
  const main = useRef<HTMLElement>(null)
  const { onSignedOut } = props

  useEffect(() => {
    const connection = connectAgentSocket({
      onFrame: (frame) => listeners.current.forEach((listener) => listener(frame)),
      onStatus: setStatus,
      onOpen: () => setGeneration((count) => count + 1),
      onSessionEnded: () => onSignedOut('Your session ended. Sign in again.'),
      // A refused upgrade and a server that is down look alike; a 401 here signs out (see api.ts).
      onRefused: () => void api('/api/auth/me').catch(() => undefined),
    })
    socket.current = connection
    const stopActivity = trackActivity(() => connection.send({ type: 'activity' }))
    return () => {
      stopActivity()
      connection.close()
    }
  }, [onSignedOut])

  // A new screen: focus its heading, so that a screen reader announces it and Tab starts there.
  const page = route.page === 'settings' ? `settings/${route.section ?? ''}` : route.page
  useEffect(() => main.current?.querySelector<HTMLElement>('h1')?.focus(), [page])

  // Stable across renders: pages subscribe in effects that must not re-run on every status change.
  const send = useCallback<Inbox['send']>((frame) => socket.current?.send(frame) ?? false, [])
  const subscribe = useCallback<Inbox['subscribe']>((listener) => {
    listeners.current.add(listener)
    return () => listeners.current.delete(listener)
  }, [])

  const inbox = useMemo<Inbox>(
    () => ({
      agent: props.agent,
      send,
      subscribe,
      status,
      generation,
      updateAgent: props.onAgent,
      signOut: () => {
        void api('/api/auth/logout', { method: 'POST' })
          .catch(() => undefined)
          .then(() => onSignedOut(null))
      },
    }),
    [props.agent, props.onAgent, send, subscribe, status, generation, onSignedOut],
  )

  return (
    <InboxContext.Provider value={inbox}>
      <header class="top">
        <span class="brand">Porchlight</span>
        <nav aria-label="Main">
          <NavLink route={{ page: 'inbox', list: 'unanswered', conversationId: null }} current={route}>
            Inbox
          </NavLink>
          <NavLink route={{ page: 'analytics' }} current={route}>
            Analytics
          </NavLink>
          {props.agent.role === 'admin' && (
            <NavLink route={{ page: 'settings', section: null }} current={route}>
              Settings
            </NavLink>
          )}
          <NavLink route={{ page: 'profile' }} current={route}>
            Profile
          </NavLink>
        </nav>
        <Attention />
        <span class="me">{props.agent.name}</span>
        <button type="button" class="link" onClick={inbox.signOut}>
          Sign out
        </button>
      </header>
      <p class="connection" role="status">
        {statusText[status]}
      </p>
      <main ref={main}>
        {route.page === 'inbox' && <InboxPage list={route.list} conversationId={route.conversationId} />}
        {route.page === 'analytics' && <AnalyticsPage />}
        {route.page === 'settings' && <SettingsPage section={route.section} />}
        {route.page === 'profile' && <ProfilePage />}
      </main>
    </InboxContext.Provider>
  )
}
