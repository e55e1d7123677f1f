import { api } from '../api.js'
import { CannedResponseForm } from './CannedResponseForm.js'
import { CannedResponseRow } from './CannedResponseRow.js'
import type { CannedResponse, CannedResponseList } from '@porchlight/protocol'
import { LoadStatus } from './LoadStatus.js'
import { useEditing } from './use-editing.js'
import { useResource } from './use-resource.js'

const byShortcut = (list: CannedResponse[]) => [...list].sort((a, b) => a.shortcut.localeCompare(b.shortcut))

/** `#/settings/canned-responses`: the replies agents insert with `/` and a shortcut; add, edit, delete. */
export function CannedResponsesSettings() {
  const canned = useResource(() => api<CannedResponseList>('/api/canned-responses'), [])
  const editing = useEditing()
  const save = (saved: CannedResponse) =>
    canned.update(({ cannedResponses }) => ({
      cannedResponses: byShortcut([...cannedResponses.filter(({ id }) => id !== saved.id), saved]),
    }))
  const edited = canned.data?.cannedResponses.find(({ id }) => id === editing.id)
  return (
    <>
      <h2>Canned responses</h2>
      <p class="help">Agents insert one by typing / and its shortcut in the reply box.</p>
      <LoadStatus of={canned} what="the canned responses" />
      {canned.data && canned.data.cannedResponses.length === 0 && <p>None yet.</p>}
      {canned.data && canned.data.cannedResponses.length > 0 && (
        <table class="list">
          <caption>Canned responses</caption>
          <thead>
            <tr>
              <th scope="col">Shortcut</th>
              <th scope="col">Title</th>
              <th scope="col">Text</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {canned.data.cannedResponses.map((response) => (
              <CannedResponseRow
                key={response.id}
                response={response}
                onEdit={(opener) => editing.open(response.id, opener)}
                onDeleted={() =>
                  canned.update(({ cannedResponses }) => ({ cannedResponses: cannedResponses.filter(({ id }) => id !== response.id) }))
                }
              />
            ))}
          </tbody>
        </table>
      )}
      <CannedResponseForm key={edited?.id ?? 'new'} editing={edited ?? null} onSaved={save} onClose={editing.close} />
    </>
  )
}
