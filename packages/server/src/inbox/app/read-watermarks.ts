import type { Reader, ReadWatermarks } from '@porchlight/protocol'

/** The watermarks after a `receipt.read`: the reader's moves forward to `seq`, never back. */
export function withReceipt(watermarks: ReadWatermarks, reader: Reader, seq: number): ReadWatermarks {
  return reader.type === 'visitor'
    ? { ...watermarks, visitor: Math.max(watermarks.visitor, seq) }
    : { ...watermarks, agents: { ...watermarks.agents, [reader.agentId]: Math.max(watermarks.agents[reader.agentId] ?? 0, seq) } }
}
