import { useId } from 'preact/hooks'

/** The field "Role" (named `role` in its form): an agent answers chats; an admin also manages the settings. */
export function RoleSelect(props: { value: 'admin' | 'agent' }) {
  const id = useId()
  return (
    <div class="field">
      <label for={id}>Role</label>
      <select id={id} name="role" defaultValue={props.value} aria-describedby={`${id}-help`}>
        <option value="agent">Agent</option>
        <option value="admin">Admin</option>
      </select>
      <span id={`${id}-help`} class="help">
        Admins also manage the team, sites, webhooks, monitoring and canned responses.
      </span>
    </div>
  )
}
