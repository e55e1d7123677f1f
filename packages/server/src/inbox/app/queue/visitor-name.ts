import type { Visitor } from '@porchlight/protocol'

const colours = ['Amber', 'Azure', 'Coral', 'Olive', 'Silver', 'Indigo', 'Ivory', 'Jade', 'Ruby', 'Sand', 'Teal', 'Violet']
const animals = ['Fox', 'Otter', 'Heron', 'Lynx', 'Badger', 'Robin', 'Seal', 'Hare', 'Wren', 'Owl', 'Deer', 'Finch', 'Moth', 'Crane']

/** FNV-1a: a small, stable hash of a string. */
function hash(text: string): number {
  let value = 0x811c9dc5
  for (let index = 0; index < text.length; index++) value = Math.imul(value ^ text.charCodeAt(index), 0x01000193)
  return value >>> 0
}

/**
 * What the inbox calls a visitor: their name, else their email, else a name generated from their id
 * ("Amber Fox"), the same in every inbox and on every day, so that agents can talk about them.
 */
export function visitorName(visitor: Pick<Visitor, 'id' | 'name' | 'email'>): string {
  if (visitor.name) return visitor.name
  if (visitor.email) return visitor.email
  const value = hash(visitor.id)
  return `${colours[value % colours.length]!} ${animals[Math.floor(value / colours.length) % animals.length]!}`
}
