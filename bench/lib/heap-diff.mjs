// What each connection costs in the V8 heap, from two heap snapshots of the same server process: one
// before its N connections opened, one after (bench/presence.mjs writes such pairs with
// BENCH_PRESENCE_HEAP_SNAPSHOT=dir).
//
//   node bench/lib/heap-diff.mjs before.heapsnapshot after.heapsnapshot 10000 [rows]
//   node bench/lib/heap-diff.mjs after.heapsnapshot --retainers "concatenated string" [depth]
//   node bench/lib/heap-diff.mjs after.heapsnapshot --retained 10000 [Class ...]
//
// The first form groups the objects of each snapshot by kind and constructor (strings by shape: UUIDs,
// numbers and long tokens are folded together) and prints, per connection, how many more objects of each
// group the second snapshot holds and how many more bytes (shallow sizes: an object's own size, not what it
// points to). The second form tells who holds the objects of a kind (optionally only those whose name
// starts with a prefix: `--retainers "object" VisitorConnection`): their retainer chains, grouped, most
// common first. The third computes the dominator tree (what would be freed if an object went) and prints
// the constructors with at least N/2 instances (the per-connection ones, given N) by retained size per
// instance that none of their own kind dominates; for each named Class, what its instances retain,
// grouped by the dominated objects' kind and constructor.
//
// A snapshot of a server with 10,000 connections is about 150 MB of JSON; give node room for two:
// node --max-old-space-size=8000 bench/lib/heap-diff.mjs ...
import { readFileSync } from 'node:fs'

function read(path) {
  const snapshot = JSON.parse(readFileSync(path, 'utf8'))
  const meta = snapshot.snapshot.meta
  const fields = meta.node_fields
  return {
    snapshot,
    width: fields.length,
    type: fields.indexOf('type'),
    name: fields.indexOf('name'),
    size: fields.indexOf('self_size'),
    edgeCount: fields.indexOf('edge_count'),
    nodeTypes: meta.node_types[0],
  }
}

const fold = (text) =>
  text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/[A-Za-z0-9+/_-]{24,}={0,2}/g, '<token>')
    .replace(/\d+/g, '<n>')
    .replace(/\s+/g, ' ')
    .slice(0, 60)

const stringTypes = new Set(['string', 'concatenated string', 'sliced string', 'thin string'])

/** Groups every node of a snapshot: kind, then constructor or (for strings) folded content. */
function groups(path) {
  const { snapshot, width, type, name, size, nodeTypes } = read(path)
  const { nodes, strings } = snapshot
  const byGroup = new Map()
  let total = 0
  for (let i = 0; i < nodes.length; i += width) {
    const kind = nodeTypes[nodes[i + type]]
    const label =
      kind === 'number' || kind === 'code'
        ? ''
        : stringTypes.has(kind)
          ? JSON.stringify(fold(strings[nodes[i + name]]))
          : fold(strings[nodes[i + name]])
    const key = `${kind}: ${label}`
    const group = byGroup.get(key) ?? { count: 0, bytes: 0 }
    group.count++
    group.bytes += nodes[i + size]
    total += nodes[i + size]
    byGroup.set(key, group)
  }
  return { byGroup, total }
}

function diff(beforePath, afterPath, connections, rows) {
  const before = groups(beforePath)
  const after = groups(afterPath)
  const keys = new Set([...before.byGroup.keys(), ...after.byGroup.keys()])
  const lines = [...keys].map((key) => {
    const a = before.byGroup.get(key) ?? { count: 0, bytes: 0 }
    const b = after.byGroup.get(key) ?? { count: 0, bytes: 0 }
    return { key, count: (b.count - a.count) / connections, bytes: (b.bytes - a.bytes) / connections }
  })
  lines.sort((x, y) => y.bytes - x.bytes)
  console.log(
    `heap ${(before.total / 2 ** 20).toFixed(1)} MB -> ${(after.total / 2 ** 20).toFixed(1)} MB: ` +
      `${((after.total - before.total) / connections).toFixed(0)} bytes per connection over ${connections} connections`,
  )
  console.log('bytes/conn  objects/conn  group')
  let shown = 0
  for (const line of lines.slice(0, rows)) {
    shown += line.bytes
    console.log(`${line.bytes.toFixed(0).padStart(10)}  ${line.count.toFixed(2).padStart(12)}  ${line.key}`)
  }
  console.log(`${shown.toFixed(0).padStart(10)}  (the rows above)`)
}

function retainers(path, kind, prefix, depth) {
  const { snapshot, width, type, name, edgeCount, nodeTypes } = read(path)
  const { nodes, edges, strings } = snapshot
  const meta = snapshot.snapshot.meta
  const edgeWidth = meta.edge_fields.length
  const edgeType = meta.edge_fields.indexOf('type')
  const edgeName = meta.edge_fields.indexOf('name_or_index')
  const edgeTo = meta.edge_fields.indexOf('to_node')
  const edgeTypes = meta.edge_types[0]
  const count = nodes.length / width
  // Reverse edges: for each node, the edges that point at it.
  const firstEdge = new Uint32Array(count + 1)
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + nodes[n * width + edgeCount]
  const into = new Uint32Array(count + 1)
  for (let e = 0; e < edges.length; e += edgeWidth) into[edges[e + edgeTo] / width + 1]++
  for (let n = 0; n < count; n++) into[n + 1] += into[n]
  const from = new Uint32Array(edges.length / edgeWidth)
  const via = new Uint32Array(edges.length / edgeWidth)
  const next = into.slice()
  for (let n = 0; n < count; n++) {
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      const slot = next[edges[e * edgeWidth + edgeTo] / width]++
      from[slot] = n
      via[slot] = e
    }
  }
  const describe = (n) => `${nodeTypes[nodes[n * width + type]]}:${fold(String(strings[nodes[n * width + name]]))}`
  const edgeLabel = (e) => {
    const kindOfEdge = edgeTypes[edges[e * edgeWidth + edgeType]]
    return kindOfEdge === 'element' || kindOfEdge === 'hidden' ? '[]' : `.${strings[edges[e * edgeWidth + edgeName]]}`
  }
  const chains = new Map()
  for (let n = 0; n < count; n++) {
    if (nodeTypes[nodes[n * width + type]] !== kind || !String(strings[nodes[n * width + name]]).startsWith(prefix)) continue
    let chain = ''
    let current = n
    for (let step = 0; step < depth; step++) {
      let slot = into[current]
      while (slot < into[current + 1] && edgeTypes[edges[via[slot] * edgeWidth + edgeType]] === 'weak') slot++
      if (slot >= into[current + 1]) break
      chain += ` <-${edgeLabel(via[slot])}- ${describe(from[slot])}`
      current = from[slot]
    }
    chains.set(chain, (chains.get(chain) ?? 0) + 1)
  }
  for (const [chain, times] of [...chains].sort((x, y) => y[1] - x[1]).slice(0, 30))
    console.log(`${String(times).padStart(8)} ${kind}${chain}`)
}

/** The dominator tree by Cooper, Harvey and Kennedy's iterative algorithm, over strong edges only. */
function dominators(path) {
  const { snapshot, width, type, name, size, edgeCount, nodeTypes } = read(path)
  const { nodes, edges, strings } = snapshot
  const meta = snapshot.snapshot.meta
  const edgeWidth = meta.edge_fields.length
  const edgeType = meta.edge_fields.indexOf('type')
  const edgeTo = meta.edge_fields.indexOf('to_node')
  const weak = meta.edge_types[0].indexOf('weak')
  const count = nodes.length / width
  const firstEdge = new Uint32Array(count + 1)
  for (let n = 0; n < count; n++) firstEdge[n + 1] = firstEdge[n] + nodes[n * width + edgeCount]
  const target = (e) => edges[e * edgeWidth + edgeTo] / width
  const strong = (e) => edges[e * edgeWidth + edgeType] !== weak
  // Post-order numbering from the root (node 0), iteratively.
  const order = new Int32Array(count).fill(-1)
  const byOrder = new Uint32Array(count)
  const visited = new Uint8Array(count)
  const stack = new Uint32Array(count)
  const cursor = new Uint32Array(count)
  let top = 0
  let numbered = 0
  stack[top++] = 0
  visited[0] = 1
  cursor[0] = firstEdge[0]
  while (top > 0) {
    const n = stack[top - 1]
    if (cursor[n] < firstEdge[n + 1]) {
      const e = cursor[n]++
      const to = target(e)
      if (strong(e) && !visited[to]) {
        visited[to] = 1
        cursor[to] = firstEdge[to]
        stack[top++] = to
      }
    } else {
      top--
      order[n] = numbered
      byOrder[numbered++] = n
    }
  }
  // Predecessors (strong edges between reachable nodes), by post-order number.
  const predecessorCount = new Uint32Array(numbered + 1)
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) if (strong(e) && order[target(e)] >= 0) predecessorCount[order[target(e)] + 1]++
  }
  for (let i = 0; i < numbered; i++) predecessorCount[i + 1] += predecessorCount[i]
  const predecessors = new Uint32Array(predecessorCount[numbered])
  const fill = predecessorCount.slice()
  for (let n = 0; n < count; n++) {
    if (order[n] < 0) continue
    for (let e = firstEdge[n]; e < firstEdge[n + 1]; e++) {
      if (strong(e) && order[target(e)] >= 0) predecessors[fill[order[target(e)]]++] = order[n]
    }
  }
  const root = numbered - 1
  const idom = new Int32Array(numbered).fill(-1)
  idom[root] = root
  const intersect = (a, b) => {
    while (a !== b) {
      while (a < b) a = idom[a]
      while (b < a) b = idom[b]
    }
    return a
  }
  for (let changed = true; changed;) {
    changed = false
    for (let i = root - 1; i >= 0; i--) {
      let dominator = -1
      for (let p = predecessorCount[i]; p < predecessorCount[i + 1]; p++) {
        const predecessor = predecessors[p]
        if (idom[predecessor] < 0) continue
        dominator = dominator < 0 ? predecessor : intersect(predecessor, dominator)
      }
      if (dominator >= 0 && idom[i] !== dominator) {
        idom[i] = dominator
        changed = true
      }
    }
  }
  const retained = new Float64Array(numbered)
  for (let i = 0; i < numbered; i++) retained[i] += nodes[byOrder[i] * width + size]
  for (let i = 0; i < root; i++) if (idom[i] >= 0) retained[idom[i]] += retained[i]
  const kindOf = (i) => nodeTypes[nodes[byOrder[i] * width + type]]
  const nameOf = (i) => strings[nodes[byOrder[i] * width + name]]
  return { numbered, idom, retained, kindOf, nameOf, selfSize: (i) => nodes[byOrder[i] * width + size], root }
}

function retainedReport(path, connections, classes) {
  const tree = dominators(path)
  const { numbered, idom, retained, kindOf, nameOf, root } = tree
  const label = (i) => {
    const kind = kindOf(i)
    return kind === 'object' || kind === 'closure' || kind === 'native' || kind === 'synthetic'
      ? `${kind}: ${fold(nameOf(i))}`
      : `${kind}: ${stringTypes.has(kind) ? '(string)' : fold(nameOf(i))}`
  }
  const byClass = new Map()
  for (let i = 0; i < root; i++) {
    if (kindOf(i) !== 'object' && kindOf(i) !== 'closure' && kindOf(i) !== 'native') continue
    const key = label(i)
    // Leave out instances inside another instance of the same class (a linked list counts once).
    let nested = false
    for (let d = idom[i], steps = 0; d !== root && steps < 64; d = idom[d], steps++) {
      if (label(d) === key) {
        nested = true
        break
      }
    }
    if (nested) continue
    const entry = byClass.get(key) ?? { count: 0, retained: 0 }
    entry.count++
    entry.retained += retained[i]
    byClass.set(key, entry)
  }
  console.log(`${numbered} reachable objects; constructors with at least ${connections / 2} instances, by retained bytes per instance:`)
  console.log('instances  retained/instance  retained/conn  constructor')
  for (const [key, entry] of [...byClass]
    .filter(([, e]) => e.count >= connections / 2)
    .sort((a, b) => b[1].retained - a[1].retained)
    .slice(0, 30)) {
    console.log(
      `${String(entry.count).padStart(9)}  ${(entry.retained / entry.count).toFixed(0).padStart(17)}  ${(entry.retained / connections).toFixed(0).padStart(13)}  ${key}`,
    )
  }
  for (const wanted of classes) {
    // Everything an instance of `wanted` dominates, grouped by kind and constructor.
    const inside = new Map()
    let instances = 0
    let total = 0
    const owner = new Int32Array(numbered).fill(-2)
    const ownerOf = (i) => {
      if (owner[i] !== -2) return owner[i]
      const path = []
      let d = i
      let found = -1
      while (d !== root) {
        if (owner[d] !== -2) {
          found = owner[d]
          break
        }
        path.push(d)
        if (label(d) === `object: ${wanted}` || label(d) === `closure: ${wanted}`) {
          found = d
          break
        }
        d = idom[d]
      }
      for (const p of path) owner[p] = found
      return found
    }
    for (let i = 0; i < root; i++) {
      const o = ownerOf(i)
      if (o < 0) continue
      if (o === i) instances++
      const key = label(i)
      const entry = inside.get(key) ?? { count: 0, bytes: 0 }
      entry.count++
      entry.bytes += tree.selfSize(i)
      total += tree.selfSize(i)
      inside.set(key, entry)
    }
    console.log(`\n${wanted}: ${instances} instances retaining ${(total / Math.max(1, instances)).toFixed(0)} bytes each:`)
    for (const [key, entry] of [...inside].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 25)) {
      console.log(
        `${(entry.bytes / Math.max(1, instances)).toFixed(0).padStart(8)} B  ${(entry.count / Math.max(1, instances)).toFixed(2).padStart(6)} x  ${key}`,
      )
    }
  }
}

const [first, second, third, fourth] = process.argv.slice(2)
if (second === '--retained') {
  retainedReport(first, Number(third), process.argv.slice(5))
} else if (second === '--retainers') {
  const [kind, maybePrefix, maybeDepth] = process.argv.slice(4)
  const depthGiven = /^\d+$/.test(maybePrefix ?? '')
  retainers(first, kind, depthGiven ? '' : (maybePrefix ?? ''), Number(depthGiven ? maybePrefix : (maybeDepth ?? 3)))
} else if (first && second && Number(third) > 0) {
  diff(first, second, Number(third), Number(fourth ?? 40))
} else {
  console.error(
    'usage: heap-diff.mjs before.heapsnapshot after.heapsnapshot connections [rows]\n' +
      '       heap-diff.mjs snapshot --retainers kind [prefix] [depth]\n' +
      '       heap-diff.mjs snapshot --retained connections [Class ...]',
  )
  process.exitCode = 2
}
