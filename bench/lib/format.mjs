// Small helpers shared by the benchmarks: percentiles and number formatting.

/** The p-th percentile (0..100) of an ascending-sorted typed array or array, by nearest rank. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]
}

/** A whole number with thousands separators: 12,345. */
export function int(value) {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a'
}

/** A rate such as `12,345 msg/s`. */
export function rate(value, unit) {
  return `${int(value)} ${unit}`
}

/** Milliseconds with a precision that suits their size. */
export function ms(value) {
  if (!Number.isFinite(value)) return 'n/a'
  return value < 10 ? `${value.toFixed(2)} ms` : value < 100 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`
}

/** A share as a percentage: 0.4321 -> 43%. */
export function percent(value) {
  return Number.isFinite(value) ? `${Math.round(value * 100)}%` : 'n/a'
}

/** Renders rows (arrays of strings) as a plain-text table with a header rule. */
export function table(header, rows) {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => String(row[column]).length)))
  const line = (cells) =>
    cells
      .map((cell, column) => String(cell).padEnd(widths[column]))
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n')
}
