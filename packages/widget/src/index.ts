/**
 * `@porchlight/widget`: the Porchlight chat widget for bundlers, and a headless client without UI.
 * For a page without a build step, use the script tag (`/widget.js` on the server) instead.
 *
 * @packageDocumentation
 */
export { createWidget, type Widget, type WidgetEvents, type WidgetOptions } from './create-widget.js'
export { createClient, type Client, type ClientEvents, type ClientOptions, type ReadyEvent } from './client/client.js'
export type { ClientError } from './client/client-error.js'
export type { ConnectionStatus } from './client/connection-status.js'
export type { Subscribe } from './client/emitter.js'
export type { Identity } from './client/identity.js'
export type { PendingMessage } from './client/pending-message.js'
export type { Message, MessageAuthor, Presence, PresenceReason, PresenceState, TabSignals } from '@porchlight/protocol'
