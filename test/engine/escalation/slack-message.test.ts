import {
	buildEscalationMessage,
	enforceSlackLimits,
	escapeMrkdwn,
	mentionToken,
	slackDate,
	SLACK_LIMITS,
	truncate,
	type Block,
	type EscalationMessageInput,
} from '../../../engine/escalation/slack-message';

const DUE = Date.parse('2026-03-10T11:00:00Z');

const input = (overrides: Partial<EscalationMessageInput> = {}): EscalationMessageInput => ({
	ticket: {
		id: 'T-42',
		subject: 'Checkout fails for all EU customers',
		priority: 'urgent',
		issueType: 'billing',
		customerName: 'Acme GmbH',
		tier: 'enterprise',
		assignee: 'Dana (tier-2)',
	},
	metric: { label: 'First response', state: 'at_risk', dueAt: DUE, percentUsed: 80.4 },
	level: { level: 2, name: 'Warning', of: 3 },
	context: [
		['ARR', '120000'],
		['Account owner', 'Sam'],
	],
	runbookUrl: 'https://wiki.example.com/runbooks/sla',
	ticketUrl: 'https://helpdesk.example.com/tickets/T-42',
	traceId: 'exec-17-0',
	mentions: ['<!here>', '<!subteam^S0123>'],
	...overrides,
});

const textOf = (block: Block | undefined): string => ((block?.text as { text: string } | undefined)?.text ?? '');
const fieldsOf = (block: Block | undefined): string[] => ((block?.fields as Array<{ text: string }> | undefined) ?? []).map((f) => f.text);

describe('the escalation message', () => {
	const message = buildEscalationMessage(input());
	const [header, summary, fields, divider, crm, actions, context] = message.blocks;

	it('has a header with level, priority, ticket and issue type', () => {
		expect(header).toEqual({ type: 'header', text: { type: 'plain_text', text: '🚨 L2 [URGENT] · Ticket T-42 · billing', emoji: true } });
	});

	it('opens with the mentions, the subject and the level reached', () => {
		expect(summary.type).toBe('section');
		expect(textOf(summary).split('\n')).toEqual([
			'<!here> <!subteam^S0123>',
			'*Checkout fails for all EU customers*',
			'Reached: *L2 Warning* on first response (at_risk).',
		]);
	});

	it('shows customer and tier, assignee, SLA metric, due time in the reader’s zone and level as fields', () => {
		expect(fieldsOf(fields)).toEqual([
			'*Customer*\nAcme GmbH (enterprise)',
			'*Assignee*\nDana (tier-2)',
			'*SLA metric*\nFirst response (80% used)',
			`*Due*\n<!date^${DUE / 1000}^{date_short_pretty} {time}|2026-03-10 11:00 UTC>`,
			'*Escalation level*\nL2 of 3 · Warning',
		]);
	});

	it('shows the customer context from the CRM', () => {
		expect(divider).toEqual({ type: 'divider' });
		expect(fieldsOf(crm)).toEqual(['*ARR*\n120000', '*Account owner*\nSam']);
	});

	it('links the runbook with a button and the ticket with a button and a link', () => {
		expect(actions.type).toBe('actions');
		const buttons = actions.elements as Array<{ text: { text: string }; url: string }>;
		expect(buttons.map((button) => [button.text.text, button.url])).toEqual([
			['Open runbook', 'https://wiki.example.com/runbooks/sla'],
			['Open ticket T-42', 'https://helpdesk.example.com/tickets/T-42'],
		]);
		const footer = (context.elements as Array<{ text: string }>).map((element) => element.text);
		expect(footer).toEqual(['Trace ID: `exec-17-0`', 'Ticket T-42', '<https://helpdesk.example.com/tickets/T-42|View ticket>']);
	});

	it('always carries a plain-text fallback with the essentials', () => {
		expect(message.text).toBe(
			'<!here> <!subteam^S0123> Escalation L2 Warning: ticket T-42 (urgent, billing) — First response due 2026-03-10T11:00:00.000Z (80% used). Checkout fails for all EU customers',
		);
	});

	it('pages no one outside paging hours and says so', () => {
		const quiet = buildEscalationMessage(input({ mentions: [], quietNote: 'Outside paging hours: posted without paging anyone.' }));
		expect(JSON.stringify(quiet)).not.toMatch(/<!here>|<!subteam|<@U/);
		expect(textOf(quiet.blocks[1])).toContain('_Outside paging hours: posted without paging anyone._');
	});

	it('cannot be made to ping a channel through the ticket text', () => {
		const sneaky = buildEscalationMessage(input({ mentions: [], ticket: { ...input().ticket, subject: 'hi <!channel> & <@U999>' } }));
		expect(textOf(sneaky.blocks[1])).toContain('hi &lt;!channel&gt; &amp; &lt;@U999&gt;');
		expect(JSON.stringify(sneaky.blocks)).not.toContain('<!channel>');
		expect(sneaky.text).toContain('hi &lt;!channel&gt; &amp; &lt;@U999&gt;');
	});

	it('leaves out buttons whose links are not http(s)', () => {
		const noLinks = buildEscalationMessage(input({ runbookUrl: 'javascript:alert(1)', ticketUrl: undefined }));
		expect(noLinks.blocks.some((block) => block.type === 'actions')).toBe(false);
	});

	it('states the current level when the thread’s parent is rewritten, without mentions', () => {
		const status = buildEscalationMessage(input({ kind: 'status', mentions: [] }));
		expect(textOf(status.blocks[0])).toBe('Escalation L2: [URGENT] · Ticket T-42 · billing');
		expect(textOf(status.blocks[1])).toContain('Current level: *L2 Warning*');
		expect(status.text.startsWith('Escalation status L2')).toBe(true);
	});
});

describe('Slack’s limits', () => {
	const long = 'x'.repeat(10_000);

	it('cuts the header at 150 characters with an ellipsis', () => {
		const message = buildEscalationMessage(input({ ticket: { ...input().ticket, issueType: long } }));
		const header = textOf(message.blocks[0]);
		expect(header).toHaveLength(SLACK_LIMITS.headerText);
		expect(header.endsWith('…')).toBe(true);
	});

	it('cuts a section’s text at 3,000 characters', () => {
		const message = buildEscalationMessage(input({ ticket: { ...input().ticket, subject: long } }));
		expect(textOf(message.blocks[1])).toHaveLength(SLACK_LIMITS.sectionText);
		expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
	});

	it('puts at most 10 fields in a section and stays within 50 blocks with a huge CRM record', () => {
		const context = Array.from({ length: 700 }, (_, i): [string, string] => [`Field ${i}`, long]);
		const message = buildEscalationMessage(input({ context }));
		expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
		for (const block of message.blocks) {
			if (block.type === 'section') {
				expect(fieldsOf(block).length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
				for (const text of fieldsOf(block)) expect(text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
				expect(textOf(block).length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
			}
		}
		// the trace id and the links survive the cut
		expect(message.blocks[message.blocks.length - 1].type).toBe('context');
		expect(message.blocks.some((block) => block.type === 'actions')).toBe(true);
		expect(JSON.stringify(message.blocks)).toMatch(/more customer fields not shown/);
	});

	it('enforces the limits on any message, keeping the last block', () => {
		const blocks: Block[] = Array.from({ length: 60 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i}${long}` }, fields: Array.from({ length: 12 }, () => ({ type: 'mrkdwn', text: 'f' })) }));
		const fitted = enforceSlackLimits({ text: long, blocks });
		expect(fitted.blocks).toHaveLength(50);
		expect(textOf(fitted.blocks[49]).startsWith('59')).toBe(true);
		expect(fitted.blocks.every((block) => textOf(block).length <= 3000 && fieldsOf(block).length <= 10)).toBe(true);
	});

	it('truncates without splitting an emoji', () => {
		expect(truncate('ab😀cd', 4)).toBe('ab…');
		expect(truncate('short', 10)).toBe('short');
	});
});

describe('mentions and dates', () => {
	it('turns what a builder types into Slack mention tokens', () => {
		expect(mentionToken('here')).toBe('<!here>');
		expect(mentionToken('@channel')).toBe('<!channel>');
		expect(mentionToken('U0123ABC')).toBe('<@U0123ABC>');
		expect(mentionToken('S0456DEF')).toBe('<!subteam^S0456DEF>');
		expect(mentionToken('<!subteam^S1|oncall>')).toBe('<!subteam^S1|oncall>');
		expect(mentionToken('the on-call team')).toBeNull();
	});

	it('escapes Slack’s control characters', () => {
		expect(escapeMrkdwn('a < b && c > d')).toBe('a &lt; b &amp;&amp; c &gt; d');
	});

	it('renders a due time in each reader’s own zone with a UTC fallback', () => {
		expect(slackDate(Date.parse('2026-03-10T11:00:30Z'))).toBe('<!date^1773140430^{date_short_pretty} {time}|2026-03-10 11:00 UTC>');
	});
});
