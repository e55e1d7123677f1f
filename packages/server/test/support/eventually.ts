/**
 * Waits until `condition` holds, asking again after each round trip it makes (for state that a server
 * records a moment after an event, such as a follow-up's state), up to `timeout` ms.
 */
export async function eventually(condition: () => Promise<boolean>, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`the condition did not hold within ${timeout} ms`)
    await new Promise((resolve) => setImmediate(resolve))
  }
}
