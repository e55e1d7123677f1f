/**
 * A text field's value in submitted form data; empty when the form has no such field (or it is a file).
 *
 * @example
 * ```ts
 * formText(new FormData(form), 'name') // 'Alice'
 * ```
 */
export function formText(fields: FormData, name: string): string {
  const value = fields.get(name)
  return typeof value === 'string' ? value : ''
}
