import type { ParsedMail } from 'mailparser'
import { afterEach, describe, expect, it } from 'vitest'
import { connectAgent, connectVisitor, type FrameSocket } from './support/frame-socket.js'
import { eventually } from './support/eventually.js'
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js'
import { api, login, startServer, type TestServer } from './support/start-server.js'

const minute = 60_000
/** Long timers: an agent turns offline only when their session ends (at once), never by a grace running out. */
const timings = { heartbeatInterval: minute, offlineGrace: minute }
const bob = { email: 'bob@example.com', password: 'bob’s long password' }
const alerts = { addresses: ['ops@example.com', 'lead@example.com'], offlineAfter: '1s', onlineAfter: '1s' }

let server: TestServer
let sink: SmtpSink
const sockets: FrameSocket[] = []
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close()
  await server?.close()
  await sink?.close()
})

async function start(): Promise<string> {
  sink = await startSmtpSink()
  server = await startServer({ timings, smtpUrl: sink.url })
  const adminCookie = await login(server.url)
  const created = await api(server.url, adminCookie, '/api/agents', { method: 'POST', body: { ...bob, name: 'Bob', role: 'agent' } })
  expect(created.status).toBe(201)
  return adminCookie
}

/** A visitor socket: its `team` frames tell when the team's availability turned (and monitoring with it). */
async function watchTeam(): Promise<FrameSocket> {
  const { visitor } = await connectVisitor(server.wsUrl)
  sockets.push(visitor)
  return visitor
}

/**
 * Bob opens his inbox (with a session signed in beforehand, when a return must be quick); resolves once
 * visitors were told the team is online.
 */
async function bobComesOnline(watcher: FrameSocket, session?: string): Promise<{ cookie: string; tab: FrameSocket }> {
  const cookie = session ?? (await login(server.url, bob))
  const tab = await connectAgent(server.wsUrl, cookie)
  sockets.push(tab)
  expect(await watcher.next('team')).toEqual({ type: 'team', online: true })
  return { cookie, tab }
}

/** Bob signs out (offline at once); resolves once visitors were told the team is offline. Returns when he left. */
async function bobLeaves(watcher: FrameSocket, cookie: string): Promise<number> {
  const leftAt = Date.now()
  await api(server.url, cookie, '/api/auth/logout', { method: 'POST' })
  expect(await watcher.next('team')).toEqual({ type: 'team', online: false })
  return leftAt
}

/** The time an alert says the episode began. */
const since = (mail: ParsedMail) => Date.parse(/since (\S+Z)/.exec(mail.text ?? '')![1]!)

const offlineSubject = 'No agent has been online for more than 1 s'
const onlineSubject = 'The team is back online for more than 1 s'

describe('team monitoring settings', () => {
  it('are admins’ to read and replace, with 60 s thresholds by default and every address checked', async () => {
    const adminCookie = await start()
    expect((await api(server.url, adminCookie, '/api/monitoring')).body).toEqual({
      addresses: [],
      offlineAfter: minute,
      onlineAfter: minute,
    })
    const put = (body: unknown) => api(server.url, adminCookie, '/api/monitoring', { method: 'PUT', body })
    expect((await put({ addresses: ['ops@example.com', 'ops@example.com'], offlineAfter: '2m' })).body).toEqual({
      addresses: ['ops@example.com'],
      offlineAfter: 2 * minute,
      onlineAfter: minute,
    })
    expect((await put({ addresses: ['not an address'] })).body.code).toBe('invalid_setting')
    expect((await put({ addresses: [], offlineAfter: '500ms' })).body.code).toBe('invalid_setting')
    expect((await put({ addresses: [], onlineAfter: '2d' })).body.code).toBe('invalid_setting')
    const many = Array.from({ length: 21 }, (_, index) => `ops${index}@example.com`)
    expect((await put({ addresses: many })).body.code).toBe('bad_request')
    expect((await api(server.url, adminCookie, '/api/monitoring')).body.offlineAfter).toBe(2 * minute)
  })
})

describe('team monitoring alerts', { timeout: 20_000 }, () => {
  it('email once per offline episode, and once when the team is back online after an episode that alerted', async () => {
    const adminCookie = await start()
    const watcher = await watchTeam()
    // Nobody has been online since the start: the first alert is due a second after it.
    const startedAt = Date.now()
    expect((await api(server.url, adminCookie, '/api/monitoring', { method: 'PUT', body: alerts })).status).toBe(200)
    const offline = await sink.next()
    expect(offline.subject).toBe(offlineSubject)
    expect(offline.to).toMatchObject({ text: 'ops@example.com, lead@example.com' })
    expect(since(offline)).toBeLessThanOrEqual(startedAt)
    expect(offline.text).toContain('http://localhost:3000/inbox')

    // A return shorter than onlineAfter, then away again for longer than offlineAfter: the same episode,
    // which has alerted already.
    const first = await bobComesOnline(watcher, await login(server.url, bob))
    const leftAt = await bobLeaves(watcher, first.cookie)
    // The threshold itself has to pass for an alert to be due; nothing to wait for but time.
    await new Promise((resolve) => setTimeout(resolve, leftAt + 1_200 - Date.now()))
    // Barrier: the online alert is due after any offline alert of that departure would have been.
    await bobComesOnline(watcher)
    const back = await sink.next()
    expect(back.subject).toBe(onlineSubject)
    expect(sink.mails).toEqual([])

    // The next departure is a new episode: it alerts again.
    const second = await login(server.url, bob)
    const secondTab = await connectAgent(server.wsUrl, second)
    sockets.push(secondTab)
    await api(server.url, adminCookie, `/api/agents/${(await api(server.url, second, '/api/auth/me')).body.agent.id}/logout`, {
      method: 'POST',
    })
    expect(await watcher.next('team')).toEqual({ type: 'team', online: false })
    expect((await sink.next()).subject).toBe(offlineSubject)
  })

  it('send nothing when an agent is back within offlineAfter', async () => {
    const adminCookie = await start()
    const watcher = await watchTeam()
    const { cookie } = await bobComesOnline(watcher)
    await api(server.url, adminCookie, '/api/monitoring', { method: 'PUT', body: alerts })
    const returning = await login(server.url, bob)
    await bobLeaves(watcher, cookie)
    const again = await bobComesOnline(watcher, returning)
    // Barrier: a later departure that lasts. Its alert is due after the first one would have been, and
    // says when its own episode began.
    const lastLeftAt = await bobLeaves(watcher, again.cookie)
    const alert = await sink.next()
    expect(alert.subject).toBe(offlineSubject)
    expect(since(alert)).toBeGreaterThanOrEqual(lastLeftAt)
    expect(sink.mails).toEqual([])
  })

  it('start a new episode once the team was back for onlineAfter, even when the back-online email failed for good', async () => {
    const adminCookie = await start()
    const watcher = await watchTeam()
    await api(server.url, adminCookie, '/api/monitoring', { method: 'PUT', body: alerts })
    expect((await sink.next()).subject).toBe(offlineSubject)
    sink.refuseNext(1, 550)
    const { cookie } = await bobComesOnline(watcher)
    await eventually(async () => sink.refused === 1)
    expect(sink.refusedMails[0]!.subject).toBe(onlineSubject)
    await bobLeaves(watcher, cookie)
    expect((await sink.next()).subject).toBe(offlineSubject)
  })

  it('survive a restart: the pending alert is a job, and the episode keeps its start', async () => {
    const adminCookie = await start()
    const startedAt = Date.now()
    await api(server.url, adminCookie, '/api/monitoring', { method: 'PUT', body: { ...alerts, offlineAfter: '2s' } })
    await server.stop()
    const restartedAt = Date.now()
    server = await server.restart()
    const alert = await sink.next()
    expect(alert.subject).toBe('No agent has been online for more than 2 s')
    expect(since(alert)).toBeLessThan(restartedAt)
    expect(since(alert)).toBeLessThanOrEqual(startedAt)
  })
})
