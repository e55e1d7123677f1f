import type { WebhookEventType } from '@porchlight/protocol'

/**
 * Every webhook event type with what it tells, in the protocol's order. Written out here because the
 * protocol's own list is computed from its schema, which would bring the schema library into the
 * bundle; a test keeps the two equal.
 */
export const webhookEvents: ReadonlyArray<{ type: WebhookEventType; about: string }> = [
  { type: 'followup.sent', about: 'a follow-up email went out' },
  { type: 'followup.failed', about: 'a follow-up email could not be sent' },
  { type: 'presence.changed', about: "a visitor's presence changed" },
  { type: 'session.inactive', about: "a conversation's session turned inactive" },
  { type: 'message.created', about: 'a message was written' },
  { type: 'conversation.finished', about: 'an agent finished a conversation' },
]
