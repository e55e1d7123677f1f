import { nodeResolve } from '@rollup/plugin-node-resolve'
import terser from '@rollup/plugin-terser'
import esbuild from 'rollup-plugin-esbuild'

// tsc -b type-checks and writes the declarations; Rollup bundles. esbuild only strips types and JSX,
// terser minifies: Rollup + terser tree-shake better than esbuild alone, and every byte of widget.js
// is downloaded by every visitor of every site.
const transpile = () => esbuild({ target: 'es2020', jsx: 'automatic', jsxImportSource: 'preact', tsconfig: 'tsconfig.json' })

const minify = (module) =>
  terser({
    module,
    toplevel: true,
    compress: { passes: 3, pure_getters: true },
    format: { comments: false },
  })

// The protocol's index re-exports TypeBox schemas, whose modules import each other in cycles; Rollup
// reads them before tree-shaking drops them all. Those warnings are about code that never ships.
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return
  warn(warning)
}

export default [
  {
    // The script tag: one self-contained file, Preact and the protocol's plain-data constants included.
    input: 'src/embed.ts',
    onwarn,
    output: { file: 'dist/widget.js', format: 'iife' },
    plugins: [nodeResolve({ browser: true }), transpile(), minify(false)],
  },
  {
    // The npm entry: Preact stays an import, so that an app that uses Preact too ships it once.
    input: 'src/index.ts',
    onwarn,
    external: [/^preact(\/|$)/],
    output: { file: 'dist/index.js', format: 'es', sourcemap: true },
    plugins: [nodeResolve({ browser: true }), transpile(), minify(true)],
  },
]
