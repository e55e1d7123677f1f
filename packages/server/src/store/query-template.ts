import type { Compilable, CompiledQuery } from 'kysely'

const marker = '\u0000porchlight-parameter:'

/**
 * A named placeholder in a {@link queryTemplate}: stands where the value will go. Typed `never` so that
 * it fits any column; the template's `Parameters` type is what checks the values.
 */
export function parameter(name: string): never {
  return `${marker}${name}` as never
}

/**
 * A query built and compiled by Kysely once, then run many times with new values. On the message hot
 * path, building and compiling each query cost more than SQLite's own work; a template keeps the
 * portable Kysely SQL and skips that cost.
 *
 * @example
 * ```ts
 * const byId = queryTemplate<{ id: string }, { id: string }>(db.selectFrom('visitors').select('id').where('id', '=', parameter('id')))
 * await db.executeQuery(byId({ id: 'v1' }))
 * ```
 */
export function queryTemplate<Row, Parameters extends object>(query: Compilable<Row>): (values: Parameters) => CompiledQuery<Row> {
  const compiled = query.compile()
  const names = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(marker) ? value.slice(marker.length) : undefined,
  )
  return (values) => ({
    ...compiled,
    parameters: compiled.parameters.map((value, index) => {
      const name = names[index]
      return name === undefined ? value : (values as Record<string, unknown>)[name]
    }),
  })
}
