// Prints the gzip -9 size of the script-tag bundle and of the agent inbox (its script and stylesheet
// together), and fails when either is over its budget: every visitor of every site downloads widget.js,
// and an agent keeps the inbox open all day on whatever machine they have. Run with `npm run size` after
// a build.
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'

const bundles = [
  { name: 'widget.js', files: ['packages/widget/dist/widget.js'], budget: 15 * 1024 },
  {
    name: 'inbox (JS + CSS)',
    files: ['packages/server/dist/inbox-app/inbox.js', 'packages/server/dist/inbox-app/inbox.css'],
    budget: 40 * 1024,
  },
]

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`
let over = false
for (const { name, files, budget } of bundles) {
  let gzipped = 0
  let raw = 0
  for (const file of files) {
    let source
    try {
      source = readFileSync(new URL(`../${file}`, import.meta.url))
    } catch {
      console.error(`${file} is missing: run \`npm run build\` first.`)
      process.exit(1)
    }
    gzipped += gzipSync(source, { level: 9 }).length
    raw += source.length
  }
  console.log(`${`${name}:`.padEnd(18)} ${gzipped} bytes gzip -9 (${kb(gzipped)}), ${raw} bytes raw`)
  console.log(`${'budget:'.padEnd(18)} ${budget} bytes (${kb(budget)}), ${budget - gzipped} bytes left`)
  if (gzipped > budget) {
    console.error(`${name} is ${gzipped - budget} bytes over budget.`)
    over = true
  }
}
if (over) process.exit(1)
