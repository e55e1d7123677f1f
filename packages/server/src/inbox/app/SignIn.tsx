import type { Agent, AgentResponse } from '@porchlight/protocol'
import { useState } from 'preact/hooks'
import { ApiError, api } from './api.js'

/** What a failed sign-in tells the person. */
function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return 'The server cannot be reached. Check the connection and try again.'
  if (error.code === 'invalid_credentials') return 'That email and password do not match an agent.'
  if (error.status === 429) {
    const wait = error.retryAfter === null ? 'a little while' : `${Math.ceil(error.retryAfter)} seconds`
    return `Too many sign-in attempts. Try again in ${wait}.`
  }
  return error.message
}

/** The sign-in page: inputs "Email" and "Password", a button "Sign in"; errors in an alert. */
export function SignIn(props: { notice: string | null; onSignedIn: (agent: Agent) => void }) {
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const submit = async (event: Event) => {
    event.preventDefault()
    const form = new FormData(event.currentTarget as HTMLFormElement)
    setBusy(true)
    setError(null)
    try {
      const { agent } = await api<AgentResponse>('/api/auth/login', {
        method: 'POST',
        body: { email: form.get('email') as string, password: form.get('password') as string },
      })
      props.onSignedIn(agent)
    } catch (failure) {
      setError(explain(failure))
      setBusy(false)
    }
  }

  return (
    <main class="sign-in">
      <h1>Porchlight inbox</h1>
      <form onSubmit={(event) => void submit(event)} aria-describedby={error ? 'sign-in-error' : undefined}>
        {props.notice && !error && (
          <p class="notice" role="status">
            {props.notice}
          </p>
        )}
        <label for="sign-in-email">Email</label>
        <input id="sign-in-email" name="email" type="email" autocomplete="username" required autofocus />
        <label for="sign-in-password">Password</label>
        <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required />
        {error && (
          <p id="sign-in-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
    </main>
  )
}
