const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * Text made safe for HTML content and for quoted attribute values: what people wrote, in emails and pages.
 *
 * @example
 * ```ts
 * escapeHtml('<b>Tom & "Jerry"</b>') // '&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;'
 * ```
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => escapes[character]!)
}
