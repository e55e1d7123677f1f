/** A canned response, as `GET /api/canned-responses` lists them. */
export interface CannedResponse {
  id: string
  shortcut: string
  title: string
  text: string
}

/** How many suggestions the picker shows at most. */
const shown = 8

/**
 * The canned responses that a reply starting with `/query` asks for: those whose shortcut starts with
 * the query first, then those whose title or text contains it; every one for a bare `/`.
 */
export function searchCanned(responses: readonly CannedResponse[], query: string): CannedResponse[] {
  const wanted = query.toLowerCase()
  const byShortcut = responses.filter((response) => response.shortcut.startsWith(wanted))
  const byWords = responses.filter(
    (response) =>
      !response.shortcut.startsWith(wanted) &&
      (response.title.toLowerCase().includes(wanted) || response.text.toLowerCase().includes(wanted)),
  )
  return [...byShortcut, ...byWords].slice(0, shown)
}

/** The query of a reply that is asking for a canned response (`/` then no space yet), else null. */
export function cannedQuery(reply: string): string | null {
  const match = /^\/([^\s/]*)$/.exec(reply)
  return match ? match[1]! : null
}
