/**
 * A local SMTP server for tests: it accepts mail on 127.0.0.1 (plain connection, no STARTTLS, AUTH
 * PLAIN/LOGIN checked against the given user), keeps every message and decodes what a test wants to
 * check: envelope, headers, subject and the text and HTML parts (quoted-printable or base64, UTF-8).
 *
 *   const smtp = await startSmtpServer({ user: 'u', password: 'p' });
 *   // SMTP credential: host 127.0.0.1, port smtp.port, secure false, disableStartTls true
 *   const [mail] = await smtp.waitForMessages(1);
 */
import { SMTPServer } from 'smtp-server';

export interface CapturedMail {
	from: string | null;
	to: string[];
	headers: Record<string, string>;
	subject: string;
	text: string | null;
	html: string | null;
	raw: string;
}

export interface SmtpServer {
	port: number;
	messages: CapturedMail[];
	/** Resolves with the messages once at least `count` arrived; rejects after `timeoutMs`. */
	waitForMessages(count: number, timeoutMs?: number): Promise<CapturedMail[]>;
	/** Refuses the next `count` messages with a temporary failure (451). */
	failNext(count: number): void;
	reset(): void;
	stop(): Promise<void>;
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) in a header value. */
export function decodeHeader(value: string): string {
	return value
		.replace(/\?=\s+=\?/g, '?==?')
		.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_whole, _charset: string, encoding: string, text: string) =>
			encoding.toUpperCase() === 'B' ? Buffer.from(text, 'base64').toString('utf8') : decodeQuotedPrintable(text.replace(/_/g, ' ')),
		);
}

export function decodeQuotedPrintable(text: string): string {
	const bytes: number[] = [];
	const source = text.replace(/=\r?\n/g, '');
	for (let index = 0; index < source.length; index++) {
		const char = source[index];
		if (char === '=' && /^[0-9A-Fa-f]{2}$/.test(source.slice(index + 1, index + 3))) {
			bytes.push(parseInt(source.slice(index + 1, index + 3), 16));
			index += 2;
		} else {
			bytes.push(...Buffer.from(char, 'utf8'));
		}
	}
	return Buffer.from(bytes).toString('utf8');
}

function splitHeaders(part: string): { headers: Record<string, string>; body: string } {
	const separator = part.search(/\r?\n\r?\n/);
	const head = separator === -1 ? part : part.slice(0, separator);
	const body = separator === -1 ? '' : part.slice(separator).replace(/^\r?\n\r?\n/, '');
	const headers: Record<string, string> = {};
	for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
	}
	return { headers, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
	switch ((encoding ?? '').toLowerCase()) {
		case 'quoted-printable':
			return decodeQuotedPrintable(body);
		case 'base64':
			return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
		default:
			return body;
	}
}

/** The text and HTML parts of a message, looking into multipart bodies. */
function parts(headers: Record<string, string>, body: string, found: { text: string | null; html: string | null }): void {
	const type = headers['content-type'] ?? 'text/plain';
	const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
	if (type.toLowerCase().startsWith('multipart/') && boundary) {
		for (const section of body.split(`--${boundary}`).slice(1)) {
			if (section.startsWith('--')) break;
			const inner = splitHeaders(section.replace(/^\r?\n/, ''));
			parts(inner.headers, inner.body, found);
		}
		return;
	}
	const decoded = decodeBody(body, headers['content-transfer-encoding']).replace(/\r\n/g, '\n').replace(/\n$/, '');
	if (type.toLowerCase().startsWith('text/html')) found.html ??= decoded;
	else if (type.toLowerCase().startsWith('text/plain')) found.text ??= decoded;
}

export function parseMail(raw: string, envelope: { from: string | null; to: string[] }): CapturedMail {
	const { headers, body } = splitHeaders(raw);
	const found = { text: null as string | null, html: null as string | null };
	parts(headers, body, found);
	return { ...envelope, headers, subject: decodeHeader(headers.subject ?? ''), text: found.text, html: found.html, raw };
}

export async function startSmtpServer(options: { user?: string; password?: string; port?: number } = {}): Promise<SmtpServer> {
	const messages: CapturedMail[] = [];
	let failures = 0;
	const waiters: Array<() => void> = [];
	const server = new SMTPServer({
		secure: false,
		disabledCommands: ['STARTTLS'],
		authOptional: options.user === undefined,
		allowInsecureAuth: true,
		logger: false,
		onAuth(auth, _session, callback) {
			if (auth.username === options.user && auth.password === options.password) return callback(null, { user: auth.username });
			return callback(new Error('Invalid username or password'));
		},
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				if (failures > 0) {
					failures--;
					const error = new Error('Try again later') as Error & { responseCode: number };
					error.responseCode = 451;
					return callback(error);
				}
				const envelope = {
					from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
					to: session.envelope.rcptTo.map((recipient) => recipient.address),
				};
				messages.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
				waiters.splice(0).forEach((wake) => wake());
				callback();
			});
		},
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
	});
	const port = (server.server.address() as { port: number }).port;
	return {
		port,
		messages,
		async waitForMessages(count, timeoutMs = 30_000) {
			const deadline = Date.now() + timeoutMs;
			while (messages.length < count) {
				const left = deadline - Date.now();
				if (left <= 0) throw new Error(`expected ${count} mails, got ${messages.length}`);
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, Math.min(left, 500));
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
			return messages.slice();
		},
		failNext(count) {
			failures = count;
		},
		reset() {
			messages.length = 0;
			failures = 0;
		},
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
