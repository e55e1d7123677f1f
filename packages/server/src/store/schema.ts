import type { AgentPresenceState, InactiveReason, PresenceReason, PresenceState } from '@porchlight/protocol'
import type { Generated } from 'kysely'

/** The tables, as Kysely sees them. Times are milliseconds since the epoch. */
export interface Database {
  sites: SiteTable
  visitors: VisitorTable
  conversations: ConversationTable
  messages: MessageTable
  agents: AgentTable
  agent_sessions: AgentSessionTable
  presence_changes: PresenceChangeTable
  sign_in_attempts: SignInAttemptTable
  followup_states: FollowupStateTable
  followups_sent: FollowupSentTable
  resume_tokens: ResumeTokenTable
  followup_unsubscribes: FollowupUnsubscribeTable
  visitor_tokens: VisitorTokenTable
  verified_users: VerifiedUserTable
  webhook_endpoints: WebhookEndpointTable
  webhook_deliveries: WebhookDeliveryTable
  webhook_finished_conversations: WebhookFinishedConversationTable
  jobs: JobTable
  read_receipts: ReadReceiptTable
  team_monitoring: TeamMonitoringTable
  notes: NoteTable
  canned_responses: CannedResponseTable
}

export interface SiteTable {
  id: string
  name: string
  /** Verifies `identify` calls: hex HMAC-SHA256(identity_secret, userId). Null: identities are unverified. */
  identity_secret: string | null
  created_at: number
  /** JSON array of origins; null: any origin. */
  allowed_origins: string | null
  /** 0 or 1: an `identify` with a `userId` needs a valid `userHash`. */
  identity_required: Generated<number>
  // Presence and follow-up settings: null follows the server's default.
  heartbeat_interval: number | null
  offline_grace: number | null
  away_after: number | null
  idle_after: number | null
  inactivity_window: number | null
  /** 0 or 1. */
  followup_enabled: Generated<number>
  followup_delay: number | null
  /** Null: links go back to the page where the conversation started. */
  return_url: string | null
  sender_name: string | null
  reply_to: string | null
  /** 0 or 1. */
  hide_launcher_when_team_offline: Generated<number>
  /** 0 or 1: the widget takes visitors' messages. */
  two_way_chat: Generated<number>
}

export interface VisitorTable {
  id: string
  site_id: string
  token_hash: string
  name: string | null
  email: string | null
  user_id: string | null
  created_at: number
  presence_state: PresenceState
  presence_reason: PresenceReason
  presence_since: number
  /** 0 or 1. */
  widget_open: number
  // What the latest tab reported when it connected (see 012-visitor-details).
  page_url: string | null
  user_agent: string | null
  language: string | null
  time_zone: string | null
  last_seen_at: number | null
}

export interface ConversationTable {
  id: string
  site_id: string
  visitor_id: string
  status: 'unanswered' | 'active' | 'finished'
  assignee_id: string | null
  last_seq: number
  created_at: number
  updated_at: number
  session_state: 'active' | 'inactive'
  inactive_reason: InactiveReason | null
  session_since: number
  last_visitor_message_at: number | null
  priority: Generated<'low' | 'normal' | 'high' | 'urgent'>
  /** JSON array of tags, trimmed and lower-cased. */
  tags: Generated<string>
  group_name: Generated<string | null>
  /** Set when the status turns `finished`, cleared when it turns anything else. */
  finished_at: number | null
}

export interface MessageTable {
  id: string
  conversation_id: string
  seq: number
  author: 'visitor' | 'agent' | 'bot' | 'system'
  /** The visitor or agent who sent it: client ids are unique per sender and conversation. */
  sender_id: string | null
  author_name: string | null
  text: string
  client_id: string | null
  created_at: number
}

export interface AgentTable {
  id: string
  email: string
  name: string
  role: 'admin' | 'agent'
  password_hash: string
  created_at: number
  /** 0 or 1: a disabled agent cannot sign in. */
  disabled: Generated<number>
  presence_state: Generated<AgentPresenceState>
  presence_since: Generated<number>
}

/** One entry of a visitor's presence timeline. */
export interface PresenceChangeTable {
  id: Generated<number>
  visitor_id: string
  conversation_id: string | null
  state: PresenceState
  reason: PresenceReason
  /** 0 or 1. */
  widget_open: number
  at: number
}

export interface AgentSessionTable {
  /** The hash of the session token; the token itself is only in the agent's cookie. */
  id: string
  agent_id: string
  created_at: number
  expires_at: number
}

/** Sign-in attempts at one account in the current window. */
export interface SignInAttemptTable {
  /** A keyed hash of the email tried, known or not: what people type there is not kept in clear. */
  key: string
  attempts: number
  window_ends_at: number
}

/** Where a conversation's follow-up stands, and the page its visitor started it on. */
export interface FollowupStateTable {
  conversation_id: string
  /** The hello frame's page URL when the conversation began: where the return link leads. */
  start_url: string | null
  state: 'scheduled' | 'waiting' | 'sent' | 'failed' | 'cancelled' | 'skipped' | null
  error: string | null
  state_at: number | null
  /** Raised by every change of `state`: a run writes its outcome only over the state it began with. */
  version: Generated<number>
}

/** A follow-up email the SMTP server accepted, and the messages (by seq) it carried. */
export interface FollowupSentTable {
  message_id: string
  conversation_id: string
  first_seq: number
  last_seq: number
  sent_at: number
}

/** A return link's token, by its hash; exchanged once before it expires. */
export interface ResumeTokenTable {
  token_hash: string
  conversation_id: string
  expires_at: number
  used_at: number | null
}

/** More tokens of a visitor: the other browsers of a verified user, each with its own token. */
export interface VisitorTokenTable {
  token_hash: string
  visitor_id: string
  created_at: number
}

/** Visitors who asked for no more follow-up emails. */
export interface FollowupUnsubscribeTable {
  visitor_id: string
  at: number
}

/** The site's one visitor record for each user proven with a valid `userHash`: their conversation, in any browser. */
export interface VerifiedUserTable {
  site_id: string
  user_id: string
  visitor_id: string
  verified_at: number
}

/** A URL that a site's events are posted to. */
export interface WebhookEndpointTable {
  id: string
  site_id: string
  url: string
  /** Keys the HMAC of every request; needed in clear to sign. */
  secret: string
  /** JSON array of the event types it subscribes to. */
  events: string
  /** 0 or 1. */
  enabled: number
  created_at: number
}

/** One event for one endpoint, kept across its attempts. */
export interface WebhookDeliveryTable {
  /** Also the body's `id` and the `Porchlight-Delivery` header. */
  id: string
  endpoint_id: string
  event: string
  /** The JSON body, fixed when the event happened: every attempt sends these bytes. */
  body: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: number
  last_status_code: number | null
  last_error: string | null
  created_at: number
  last_attempt_at: number | null
  delivered_at: number | null
}

/** A conversation whose finish was announced; removed when it is reopened, so the next finish is too. */
export interface WebhookFinishedConversationTable {
  conversation_id: string
}

/** Work due later: one row per pending job, and failed jobs kept as a record. */
export interface JobTable {
  id: string
  kind: string
  key: string
  /** JSON. */
  payload: string
  /** When it was scheduled for; stays the same across retries, so handlers can key side effects by it. */
  due_at: number
  /**
   * When it may next be claimed: its due time, a retry's back-off, or, while leased, the end of the lease
   * (after which a node that died holding it no longer blocks it).
   */
  run_at: number
  /** Claims since it was last scheduled, the current one included. */
  attempts: number
  /** Counts schedules: a claim ends its run by deleting the row only if nobody rescheduled it meanwhile. */
  version: number
  /** The claim holding the lease (the node's id and its claim number); null when not leased. */
  lease_owner: string | null
  last_error: string | null
  status: 'pending' | 'failed'
  failed_at: number | null
  created_at: number
}

/** How far one participant has read one conversation. */
export interface ReadReceiptTable {
  conversation_id: string
  /** `visitor`, or `agent:<agent id>`. */
  reader: string
  /** The highest message number read; never above the conversation's `last_seq`. */
  seq: number
  read_at: number
}

/** Team monitoring, in its one row (`id` 1): who gets the alerts, the thresholds, and the current episode. */
export interface TeamMonitoringTable {
  id: number
  /** JSON array of email addresses. */
  addresses: Generated<string>
  /** Null: the default, 60 s. */
  offline_after: number | null
  online_after: number | null
  /** When the team last turned offline; null while it is online. */
  offline_since: number | null
  /** When the team last turned online; null while it is offline. */
  online_since: number | null
  /** 0 or 1: the current offline episode has alerted, so its end will too. */
  alerted: Generated<number>
}

/** A private note on a conversation, for agents only. */
export interface NoteTable {
  id: string
  conversation_id: string
  agent_id: string
  /** The author's name when they wrote it. */
  agent_name: string
  text: string
  created_at: number
}

/** A reply the team shares. */
export interface CannedResponseTable {
  id: string
  shortcut: string
  title: string
  text: string
  created_at: number
  updated_at: number
}
