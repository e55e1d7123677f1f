import { api } from '../api.js'
import { ConfirmButton } from './ConfirmButton.js'
import type { CannedResponse } from '@porchlight/protocol'
import { FormStatus } from './FormStatus.js'
import { itemPath } from './item-path.js'
import { useSubmission } from './use-submission.js'

/** One canned response in the list, with Edit and Delete. */
export function CannedResponseRow(props: { response: CannedResponse; onEdit: (opener: HTMLElement) => void; onDeleted: () => void }) {
  const { response } = props
  const deleting = useSubmission()
  return (
    <tr>
      <th scope="row">
        <code>/{response.shortcut}</code>
      </th>
      <td>{response.title}</td>
      <td class="text">{response.text}</td>
      <td>
        <div class="row-actions">
          <button
            type="button"
            class="secondary"
            aria-label={`Edit /${response.shortcut}`}
            onClick={(event) => props.onEdit(event.currentTarget)}
          >
            Edit
          </button>
          <ConfirmButton
            label={`Delete /${response.shortcut}`}
            title={`Delete /${response.shortcut}?`}
            question={`Agents can no longer insert "${response.title}".`}
            confirm="Delete"
            disabled={deleting.busy}
            onConfirm={() =>
              deleting.run(async () => {
                await api(itemPath('/api/canned-responses', response.id), { method: 'DELETE' })
                props.onDeleted()
                return 'Deleted.'
              })
            }
          >
            Delete
          </ConfirmButton>
          <FormStatus of={deleting} />
        </div>
      </td>
    </tr>
  )
}
