import { afterEach, expect, it } from 'vitest'
import { eventually } from './support/eventually.js'
import { connectVisitor } from './support/frame-socket.js'
import { startServerProcess, type ServerProcess } from './support/server-process.js'
import { startSmtpSink, type SmtpSink } from './support/smtp-sink.js'
import { api, login, testPasswordCost } from './support/start-server.js'
import { temporaryDirectories } from './support/temp-dirs.js'

const newDataDir = temporaryDirectories('porchlight-followup-crash-')
let server: ServerProcess | undefined
let smtp: SmtpSink | undefined

afterEach(async () => {
  await server?.kill()
  await smtp?.close()
})

it('sends exactly one follow-up after the server is killed (SIGKILL) between scheduling and the due time', async () => {
  smtp = await startSmtpSink()
  const options = {
    dataDir: newDataDir(),
    smtpUrl: smtp.url,
    passwordCost: testPasswordCost,
    timings: { followupDelay: 1500 },
    jobs: { pollInterval: 50 },
  }
  server = await startServerProcess(options)
  const { visitor } = await connectVisitor(server.wsUrl)
  visitor.send({ type: 'identify', email: 'ada@example.com' })
  visitor.send({ type: 'message.send', clientId: 'c1', text: 'hello?' })
  const { conversationId } = await visitor.next('message.ack')
  visitor.close()
  let cookie = await login(server.url)
  expect(
    (await api(server.url, cookie, `/api/conversations/${conversationId}/messages`, { method: 'POST', body: { text: 'hi!' } })).status,
  ).toBe(201)
  // Durable once the follow-up says it is scheduled (the job is stored first).
  const state = async () => (await api(server!.url, cookie, `/api/conversations/${conversationId}/followups`)).body
  await eventually(async () => (await state()).state?.state === 'scheduled')
  await server.kill()
  expect(smtp.mails).toEqual([])

  server = await startServerProcess(options)
  cookie = await login(server.url)
  const mail = await smtp.next()
  expect(mail.text).toContain('hi!')
  // A barrier: another visitor's follow-up, due after the first; jobs run in due order.
  const { visitor: other } = await connectVisitor(server.wsUrl)
  other.send({ type: 'identify', email: 'barrier@example.com' })
  other.send({ type: 'message.send', clientId: 'c1', text: 'me too' })
  const barrier = await other.next('message.ack')
  other.close()
  await api(server.url, cookie, `/api/conversations/${barrier.conversationId}/messages`, { method: 'POST', body: { text: 'barrier' } })
  expect((await smtp.next()).text).toContain('barrier')
  expect(smtp.mails).toEqual([])
  expect((await state()).sent).toHaveLength(1)
}, 30_000)
