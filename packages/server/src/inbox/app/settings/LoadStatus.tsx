import type { Resource } from './use-resource.js'

/** While a {@link Resource} loads, "Loading…"; when it failed, why, with a button to try again. */
export function LoadStatus(props: { of: Pick<Resource<unknown>, 'data' | 'error' | 'reload'>; what: string }) {
  const { error, data, reload } = props.of
  if (error) {
    return (
      <div class="form-status">
        <p class="error" role="alert">
          Could not load {props.what}: {error}
        </p>
        <button type="button" class="secondary" onClick={reload}>
          Try again
        </button>
      </div>
    )
  }
  return data === undefined ? <p role="status">Loading {props.what}…</p> : null
}
