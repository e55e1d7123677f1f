import type { Message } from '@porchlight/protocol'
import { escapeHtml } from './escape-html.js'

/** What a follow-up email says. */
export interface FollowupEmailInput {
  siteName: string
  /** The visitor's name, if known, for the greeting. */
  visitorName: string | null
  /** The unread messages, oldest first. */
  messages: readonly Message[]
  /** The return link: the page with `#porchlight=<token>`. */
  link: string
  /** Where the visitor stops these emails (also in the `List-Unsubscribe` header). */
  unsubscribeUrl: string
}

/** A rendered email: subject, plain text and HTML. */
export interface RenderedEmail {
  subject: string
  text: string
  html: string
}

const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { timeZone: 'UTC', dateStyle: 'medium', timeStyle: 'short' }) + ' UTC'

const author = (message: Message, siteName: string) => message.authorName ?? siteName

/**
 * Renders a follow-up email. The HTML is one column with one big button, inline styles only (mail clients
 * drop `<style>` blocks unevenly), and declares both colour schemes: it sets no background of its own that a
 * dark theme would have to invert, and its colours keep contrast on either (the button's white on blue
 * reads on both). Every piece of text that people wrote is escaped.
 *
 * @example
 * ```ts
 * const { subject, text, html } = renderFollowupEmail({ siteName: 'Acme', visitorName: null, messages, link, unsubscribeUrl })
 * ```
 */
export function renderFollowupEmail(input: FollowupEmailInput): RenderedEmail {
  const { siteName, visitorName, messages, link, unsubscribeUrl } = input
  const subject = `New reply from ${siteName}`
  const greeting = visitorName ? `Hi ${visitorName},` : 'Hello,'
  const intro = `you have ${messages.length === 1 ? 'a reply' : `${messages.length} replies`} from ${siteName} that you have not read yet:`

  const text = [
    greeting,
    '',
    intro,
    '',
    ...messages.flatMap((message) => [`${author(message, siteName)} · ${when(message.createdAt)}`, message.text, '']),
    `Continue the conversation: ${link}`,
    '',
    `You get this email because you chatted with ${siteName}. Stop these emails: ${unsubscribeUrl}`,
    '',
  ].join('\n')

  const paragraphs = (body: string) => escapeHtml(body).split('\n').join('<br>')
  const items = messages
    .map(
      (message) => `
<tr><td style="padding:12px 0;border-top:1px solid #8884">
<p style="margin:0 0 4px;font-size:14px;opacity:.75"><strong>${escapeHtml(author(message, siteName))}</strong> · ${escapeHtml(when(message.createdAt))}</p>
<p style="margin:0;font-size:16px;line-height:1.5;white-space:pre-wrap">${paragraphs(message.text)}</p>
</td></tr>`,
    )
    .join('')
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr><td align="center" style="padding:24px 16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px">
<tr><td><p style="margin:0 0 8px;font-size:16px">${escapeHtml(greeting)}</p>
<p style="margin:0 0 16px;font-size:16px;line-height:1.5">${escapeHtml(intro)}</p></td></tr>
${items}
<tr><td align="center" style="padding:24px 0;border-top:1px solid #8884">
<a href="${escapeHtml(link)}" style="display:block;padding:16px 24px;background:#1d4ed8;color:#ffffff;border-radius:8px;font-size:18px;font-weight:bold;text-decoration:none;text-align:center">Continue the conversation</a>
</td></tr>
<tr><td><p style="margin:0;font-size:13px;line-height:1.5;opacity:.75">You get this email because you chatted with ${escapeHtml(siteName)}. <a href="${escapeHtml(unsubscribeUrl)}" style="color:inherit">Stop these emails</a>.</p></td></tr>
</table>
</td></tr></table>
</body>
</html>
`
  return { subject, text, html }
}
