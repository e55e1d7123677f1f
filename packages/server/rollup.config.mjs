import { readFile } from 'node:fs/promises'
import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import { transform } from 'esbuild'
import esbuild from 'rollup-plugin-esbuild'

// The agent inbox: tsc -p src/inbox/app type-checks it (`npm run typecheck`), Rollup bundles it the way the
// widget is bundled (esbuild strips types and JSX, terser minifies), into dist/inbox-app/ where the
// /inbox route reads it.

/** The inbox's stylesheets, concatenated into one: the settings pages keep theirs beside them. */
const stylesheets = ['src/inbox/app/inbox.css', 'src/inbox/app/settings/settings.css']

/** The inbox's one stylesheet, minified beside the script: the page's policy allows no inline style. */
const css = () => ({
  name: 'inbox-css',
  buildStart() {
    for (const stylesheet of stylesheets) this.addWatchFile(stylesheet)
  },
  async generateBundle() {
    const { code } = await transform((await Promise.all(stylesheets.map((file) => readFile(file, 'utf8')))).join('\n'), {
      loader: 'css',
      minify: true,
      target: 'chrome100',
    })
    this.emitFile({ type: 'asset', fileName: 'inbox.css', source: code })
  },
})

// The protocol's index re-exports TypeBox schemas, whose modules import each other in cycles; Rollup
// reads them before tree-shaking drops them all. Those warnings are about code that never ships.
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return
  warn(warning)
}

export default {
  input: 'src/inbox/app/main.tsx',
  onwarn,
  output: { file: 'dist/inbox-app/inbox.js', format: 'iife' },
  plugins: [
    nodeResolve({ browser: true }),
    esbuild({ target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact', tsconfig: 'src/inbox/app/tsconfig.json' }),
    terser({ toplevel: true, compress: { passes: 3, pure_getters: true }, format: { comments: false } }),
    css(),
  ],
}
