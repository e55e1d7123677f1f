// Plain data in a module of its own, with no schema: the widget bundles it without TypeBox.
/**
 * The reasons a widget gives when it closes its own socket (with code 1000), so that the server can tell
 * a page that went away or a visitor who signed out from a lost network.
 */
export const visitorCloseReasons = {
  /** The page is going away (`pagehide`): offline with reason `page_closed` after the grace period. */
  pagehide: 'pagehide',
  /** `shutdown()`: offline with reason `signed_out` after the grace period. */
  shutdown: 'shutdown',
} as const
