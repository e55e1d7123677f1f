import type { Agent, AgentResponse } from '@porchlight/protocol'
import { useCallback, useEffect, useState } from 'preact/hooks'
import { api, onUnauthorized } from './api.js'
import { Shell } from './Shell.js'
import { SignIn } from './SignIn.js'

type Session = { status: 'loading' } | { status: 'signed-out'; notice: string | null } | { status: 'signed-in'; agent: Agent }

/** The inbox: the sign-in page until there is a session, then the shell; back to sign-in when it ends. */
export function App() {
  const [session, setSession] = useState<Session>({ status: 'loading' })
  const signedOut = useCallback((notice: string | null) => setSession({ status: 'signed-out', notice }), [])
  const setAgent = useCallback((agent: Agent) => setSession({ status: 'signed-in', agent }), [])

  useEffect(() => {
    onUnauthorized(() =>
      setSession((now) => (now.status === 'signed-in' ? { status: 'signed-out', notice: 'Your session ended. Sign in again.' } : now)),
    )
    api<AgentResponse>('/api/auth/me').then(
      ({ agent }) => setAgent(agent),
      () => signedOut(null),
    )
  }, [signedOut, setAgent])

  if (session.status === 'loading') return <p role="status">Loading…</p>
  if (session.status === 'signed-out') return <SignIn notice={session.notice} onSignedIn={setAgent} />
  return <Shell agent={session.agent} onSignedOut={signedOut} onAgent={setAgent} />
}
