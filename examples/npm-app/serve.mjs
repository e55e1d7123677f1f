// A tiny static server for the example: index.html at /, the esbuild output under /dist/.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('.', import.meta.url))
const port = 5173
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

createServer(async (request, response) => {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname
  const file = path === '/' ? 'index.html' : normalize(path.slice(1))
  if (file !== 'index.html' && !file.startsWith('dist/')) return response.writeHead(404).end('Not found')
  try {
    const body = await readFile(join(root, file))
    response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body)
  } catch {
    response.writeHead(404).end('Not found')
  }
}).listen(port, () => console.log(`npm-app example on http://localhost:${port}`))
