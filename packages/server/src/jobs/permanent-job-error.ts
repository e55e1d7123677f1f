/**
 * Thrown by a job handler when running the job again cannot help (the address is invalid, the
 * conversation is gone): the job is recorded as failed at once instead of being retried.
 *
 * @example
 * ```ts
 * jobs.handle('followup.send', async (job) => {
 *   if (!visitor.email) throw new PermanentJobError('the visitor has no email address')
 * })
 * ```
 */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError'
}
