import type { InactiveReason, PresenceReason, PresenceState } from '@porchlight/protocol'
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
  visitor_tokens: VisitorTokenTable
  verified_users: VerifiedUserTable
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

/** More tokens of a visitor: the other browsers of a verified user, each with its own token. */
export interface VisitorTokenTable {
  token_hash: string
  visitor_id: string
  created_at: number
}

/** The site's one visitor record for each user proven with a valid `userHash`: their conversation, in any browser. */
export interface VerifiedUserTable {
  site_id: string
  user_id: string
  visitor_id: string
  verified_at: number
}
