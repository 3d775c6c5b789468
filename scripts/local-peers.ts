/**
 * Local stand-ins for Slack, a Zendesk-style helpdesk and an SMTP server, for `npm start` when no real ones are
 * configured: the SLA Slack credential points at the first, runtime.helpdeskBaseUrl at the second.
 * What they received is on http://127.0.0.1:<port>/_messages (Slack) and /_tickets (helpdesk).
 * Usage: npx tsx scripts/local-peers.ts <slack port> <helpdesk port> <helpdesk token> <smtp port>
 */
import { createServer } from 'node:http';

import { startHelpdeskServer } from '../test/support/helpdesk-server';
import { startSlackServer } from '../test/support/slack-server';
import { startSmtpServer } from '../test/support/smtp-server';

async function main(): Promise<void> {
	const [slackPort, helpdeskPort, token, smtpPort] = process.argv.slice(2);
	const slack = await startSlackServer(Number(slackPort));
	const helpdesk = await startHelpdeskServer({ port: Number(helpdeskPort), token, createOnUpdate: true });
	const smtp = await startSmtpServer({ port: Number(smtpPort) });
	// A read-only view of what each received, on the next port up of each.
	const view = (port: number, body: () => unknown) =>
		createServer((_request, response) => {
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify(body(), null, 2));
		}).listen(port, '127.0.0.1');
	view(Number(slackPort) + 10, () => [...slack.messages.values()].map(({ channel, ts, text, thread_ts }) => ({ channel, ts, thread_ts, text })));
	view(Number(helpdeskPort) + 10, () => [...helpdesk.tickets.values()]);
	view(Number(smtpPort) + 10, () => smtp.messages.map(({ from, to, subject, text }) => ({ from, to, subject, text })));
	console.log(`local Slack on ${slack.url} (messages: http://127.0.0.1:${Number(slackPort) + 10}/), local helpdesk on ${helpdesk.url} (tickets: http://127.0.0.1:${Number(helpdeskPort) + 10}/), local SMTP on port ${smtp.port} (mails: http://127.0.0.1:${Number(smtpPort) + 10}/)`);
}

void main();
