import type { Kysely } from 'kysely'
import type { Database } from './schema.js'

/** Team monitoring as stored: the settings (null thresholds follow the defaults) and the current episode. */
export interface TeamMonitoringState {
  addresses: string[]
  offlineAfter: number | null
  onlineAfter: number | null
  /** When the team turned offline; null while it is online. */
  offlineSince: number | null
  /** When the team turned online again; null while it is offline. */
  onlineSince: number | null
  /** The current offline episode has alerted (its end alerts too). */
  alerted: boolean
}

/** The one row's id. */
const row = 1

/**
 * Team monitoring: one row with the alert settings and where the current episode stands, so that a
 * restart, or another node, knows whether the team has been offline since when and whether it alerted.
 */
export class TeamMonitoringRepository {
  readonly #db: Kysely<Database>

  constructor(db: Kysely<Database>) {
    this.#db = db
  }

  async get(): Promise<TeamMonitoringState> {
    return this.#read(this.#db)
  }

  async setSettings(settings: { addresses: string[]; offlineAfter: number | null; onlineAfter: number | null }): Promise<void> {
    const values = {
      addresses: JSON.stringify(settings.addresses),
      offline_after: settings.offlineAfter,
      online_after: settings.onlineAfter,
    }
    await this.#upsert(values)
  }

  /**
   * The team turned offline (`online` false) or online at `at`: the new episode starts then, unless one of
   * that kind is already running (another node recorded it first). An offline episode that alerted ends
   * once the team has been back online for `onlineAfter` (the stored threshold, else this default),
   * whether or not the back-online email went out: a turn offline after that starts a new episode, which
   * alerts again. Read and written in one transaction. Returns the state after.
   */
  async turned(online: boolean, at: number, defaultOnlineAfter: number): Promise<TeamMonitoringState> {
    return this.#db.transaction().execute(async (trx) => {
      const state = await this.#read(trx)
      if ((online ? state.onlineSince : state.offlineSince) !== null) return state
      if (online) {
        await this.#upsert({ online_since: at, offline_since: null }, trx)
        return { ...state, onlineSince: at, offlineSince: null }
      }
      const ended = state.onlineSince !== null && at >= state.onlineSince + (state.onlineAfter ?? defaultOnlineAfter)
      const alerted = state.alerted && !ended
      await this.#upsert({ offline_since: at, online_since: null, alerted: Number(alerted) }, trx)
      return { ...state, offlineSince: at, onlineSince: null, alerted }
    })
  }

  /**
   * Records that the episode's alert went out: the offline alert of the episode offline since `since`
   * (`alerted` true), or the back-online alert of the return online since `since` (false). False when
   * another episode runs by now.
   */
  async setAlerted(alerted: boolean, since: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('team_monitoring')
      .set({ alerted: Number(alerted) })
      .where('id', '=', row)
      .where(alerted ? 'offline_since' : 'online_since', '=', since)
      .executeTakeFirst()
    return result.numUpdatedRows > 0n
  }

  async #read(db: Kysely<Database>): Promise<TeamMonitoringState> {
    const found = await db.selectFrom('team_monitoring').selectAll().where('id', '=', row).executeTakeFirst()
    if (!found) return { addresses: [], offlineAfter: null, onlineAfter: null, offlineSince: null, onlineSince: null, alerted: false }
    return {
      addresses: JSON.parse(found.addresses) as string[],
      offlineAfter: found.offline_after,
      onlineAfter: found.online_after,
      offlineSince: found.offline_since,
      onlineSince: found.online_since,
      alerted: found.alerted === 1,
    }
  }

  async #upsert(
    values: Partial<
      Record<'addresses' | 'offline_after' | 'online_after' | 'offline_since' | 'online_since' | 'alerted', string | number | null>
    >,
    db: Kysely<Database> = this.#db,
  ) {
    await db
      .insertInto('team_monitoring')
      .values({ id: row, ...values } as never)
      .onConflict((conflict) => conflict.column('id').doUpdateSet(values as never))
      .execute()
  }
}
