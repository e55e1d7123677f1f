import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'

/** Props of {@link CheckField}. */
export interface CheckFieldProps {
  label: ComponentChildren
  name: string
  defaultChecked: boolean
  help?: string
  /** A radio button (one of the options named `name`) instead of a checkbox. */
  radio?: boolean
  /** What the form data holds for it when checked ("on" by default). */
  value?: string
}

/** A labelled checkbox or radio button, with its help text beside it. */
export function CheckField(props: CheckFieldProps) {
  const id = useId()
  const describedBy = props.help === undefined ? undefined : `${id}-help`
  return (
    <div class="check">
      <input
        id={id}
        name={props.name}
        type={props.radio ? 'radio' : 'checkbox'}
        value={props.value}
        defaultChecked={props.defaultChecked}
        aria-describedby={describedBy}
      />
      <label for={id}>{props.label}</label>
      {props.help !== undefined && (
        <span id={describedBy} class="help">
          {props.help}
        </span>
      )}
    </div>
  )
}
