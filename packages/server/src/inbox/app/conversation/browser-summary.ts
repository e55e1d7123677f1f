/** Browsers by the token that names them, most specific first: Edge and Opera say "Chrome" too. */
const browsers: Array<[name: string, token: RegExp]> = [
  ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Samsung Internet', /SamsungBrowser\/(\d+)/],
  ['Firefox', /(?:Firefox|FxiOS)\/(\d+)/],
  ['Chrome', /(?:Chrome|CriOS|Chromium)\/(\d+)/],
  ['Safari', /Version\/(\d+)[^ ]* (?:Mobile\/\S+ )?Safari\//],
]

/** Systems, most specific first: Android says "Linux", iOS says "Mac OS X". */
const systems: Array<[name: string, token: RegExp]> = [
  ['Windows', /Windows/],
  ['Android', /Android/],
  ['iOS', /iPhone|iPad|iPod/],
  ['ChromeOS', /CrOS/],
  ['macOS', /Mac OS X|Macintosh/],
  ['Linux', /Linux|X11/],
]

/**
 * A `User-Agent` header in a few words for the visitor details: "Chrome 131 on Windows", "Safari 17 on
 * iOS", "Firefox 133", "Unknown browser on Linux"; "Unknown" without one. A handful of patterns, not a
 * UA database: agents need the gist, and the raw header is there for the rest.
 *
 * @example
 * ```ts
 * browserSummary('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36')
 * // 'Chrome 131 on Windows'
 * ```
 */
export function browserSummary(userAgent: string | null): string {
  if (!userAgent) return 'Unknown'
  let browser = 'Unknown browser'
  for (const [name, token] of browsers) {
    const version = token.exec(userAgent)?.[1]
    if (version !== undefined) {
      browser = `${name} ${version}`
      break
    }
  }
  const system = systems.find(([, token]) => token.test(userAgent))?.[0]
  return system ? `${browser} on ${system}` : browser
}
