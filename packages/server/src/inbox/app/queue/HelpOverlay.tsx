import { Modal } from '../Modal.js'
import { shortcuts } from '../shortcuts.js'

/** The keyboard shortcuts, opened with `?`. */
export function HelpOverlay(props: { onClose: () => void }) {
  return (
    <Modal title="Keyboard shortcuts" onClose={props.onClose}>
      <dl class="shortcuts">
        {shortcuts.map((shortcut) => (
          <div key={shortcut.does}>
            <dt>
              {shortcut.keys.map((key, index) => (
                <>
                  {index > 0 && ' or '}
                  <kbd>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{shortcut.does}</dd>
          </div>
        ))}
      </dl>
      <p class="notice">Shortcuts do nothing while you type in a field.</p>
      <form method="dialog">
        <button type="submit">Close</button>
      </form>
    </Modal>
  )
}
