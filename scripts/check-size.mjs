// Prints the gzip -9 size of the script-tag bundle and fails when it is over budget: every visitor of
// every site downloads widget.js, so its size is a feature. Run with `npm run size` after a build.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const file = new URL('../packages/widget/dist/widget.js', import.meta.url)
const budget = 15 * 1024

let source
try {
  source = readFileSync(file)
} catch {
  console.error('packages/widget/dist/widget.js is missing: run `npm run build -w @porchlight/widget` first.')
  process.exit(1)
}

const gzipped = gzipSync(source, { level: 9 }).length
const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
console.log(`widget.js: ${gzipped} bytes gzip -9 (${kb(gzipped)}), ${source.length} bytes raw`)
console.log(`budget:    ${budget} bytes (${kb(budget)}), ${budget - gzipped} bytes left`)
if (gzipped > budget) {
  console.error(`widget.js is ${gzipped - budget} bytes over budget.`)
  process.exit(1)
}
