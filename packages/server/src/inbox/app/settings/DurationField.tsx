import { useId, useState } from 'preact/hooks'
import { parseDuration } from '../../../config/duration.js'
import { durationInput } from './duration-input.js'
import { durationWords } from './duration-words.js'

/** Props of {@link DurationField}. */
export interface DurationFieldProps {
  label: string
  /** The form field's name: its text goes to the server as typed ("30s"), which parses and bounds it. */
  name: string
  /** The value in effect, in milliseconds. */
  value: number | null
  /** What the field means when left empty ("the server's default"). */
  empty: string
  /** What the setting does. */
  help?: string
}

/**
 * A duration typed the way configuration writes it ("30s", "5m", "2h"), with its meaning in words
 * beside it as it is typed ("5 minutes"), so that "5" is not mistaken for five minutes.
 */
export function DurationField(props: DurationFieldProps) {
  const id = useId()
  const [text, setText] = useState(props.value === null ? '' : durationInput(props.value))
  const milliseconds = parseDuration(text)
  const meaning =
    text.trim() === ''
      ? `Empty: ${props.empty}.`
      : milliseconds === undefined
        ? 'Write it like 30s, 5m or 2h.'
        : `${durationWords(milliseconds)}.`
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        aria-describedby={`${id}-meaning${props.help ? ` ${id}-help` : ''}`}
        aria-invalid={milliseconds === undefined && text.trim() !== ''}
        autocomplete="off"
        spellcheck={false}
        size={8}
      />
      <span id={`${id}-meaning`} class="meaning">
        {meaning}
      </span>
      {props.help && (
        <span id={`${id}-help`} class="help">
          {props.help}
        </span>
      )}
    </div>
  )
}
