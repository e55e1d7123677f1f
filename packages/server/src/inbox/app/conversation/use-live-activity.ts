import type { TypingFrame } from '@porchlight/protocol'
import { useEffect, useState } from 'preact/hooks'
import { useInbox } from '../inbox-context.js'

/** How long a typing indicator stays after the last `active: true` (the contract's 6 s). */
export const typingTimeout = 6_000

/** Who is typing, by actor ("visitor" or an agent id), with the name to show. */
type Typists = ReadonlyMap<string, string>

function actorKey(actor: TypingFrame['actor']): string {
  return actor.kind === 'visitor' ? 'visitor' : actor.agentId
}

/**
 * Who else has this conversation open, and who is typing in it (the visitor or other agents), from the
 * `viewers` and `typing` frames. Tells the server which conversation this inbox views, again after every
 * reconnection, and that it views none when it closes it. A typing indicator clears 6 s after the last
 * `active: true`, or when that author's message arrives.
 */
export function useLiveActivity(conversationId: string): { viewers: string[]; typing: string[] } {
  const { agent, send, subscribe, generation } = useInbox()
  const [viewers, setViewers] = useState<string[]>([])
  const [typists, setTypists] = useState<Typists>(new Map())

  useEffect(() => {
    send({ type: 'viewing', conversationId })
  }, [conversationId, generation, send])
  useEffect(() => () => void send({ type: 'viewing', conversationId: null }), [send])

  useEffect(() => {
    // The effect's own copy, published as a new map on every change.
    const typing = new Map<string, { name: string; timer: ReturnType<typeof setTimeout> }>()
    const publish = () => setTypists(new Map([...typing].map(([key, { name }]) => [key, name])))
    const clear = (key: string) => {
      const entry = typing.get(key)
      if (!entry) return
      clearTimeout(entry.timer)
      typing.delete(key)
      publish()
    }
    const unsubscribe = subscribe((frame) => {
      if (frame.type === 'viewers' && frame.conversationId === conversationId) {
        setViewers(frame.agents.filter((viewer) => viewer.id !== agent.id).map((viewer) => viewer.name))
      } else if (frame.type === 'typing' && frame.conversationId === conversationId) {
        if (frame.actor.kind === 'agent' && frame.actor.agentId === agent.id) return
        const key = actorKey(frame.actor)
        if (!frame.active) return clear(key)
        clearTimeout(typing.get(key)?.timer)
        const name = frame.actor.kind === 'visitor' ? 'The visitor' : frame.actor.name
        typing.set(key, { name, timer: setTimeout(() => clear(key), typingTimeout) })
        publish()
      } else if (frame.type === 'message.created' && frame.message.conversationId === conversationId) {
        // A message ends its author's typing; an agent's message names the agent, it does not carry their id.
        const { author, authorName } = frame.message
        for (const [key, { name }] of typing)
          if (author === 'visitor' ? key === 'visitor' : key !== 'visitor' && name === authorName) clear(key)
      }
    })
    return () => {
      unsubscribe()
      for (const { timer } of typing.values()) clearTimeout(timer)
    }
  }, [conversationId, subscribe, agent.id])

  return { viewers, typing: [...typists.values()] }
}
