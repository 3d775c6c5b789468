import { alertClaimKey, buildAlertMessage, DEFAULT_ALERT_LINK_LABEL } from '../../../engine/escalation';

type Block = Record<string, any>;

describe('the alert message', () => {
	it('is the text as a section, with the same text as the notification fallback', () => {
		const message = buildAlertMessage({ text: '  :warning: Dead letter stored for *intake-route*  ' });
		expect(message.text).toBe(':warning: Dead letter stored for *intake-route*');
		expect(message.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: ':warning: Dead letter stored for *intake-route*' } }]);
	});

	it("escapes Slack's control characters in the text, the labels and the values, so nothing pings or links", () => {
		const message = buildAlertMessage({
			text: 'A & B <!channel> <https://evil.example|click> <@U123>',
			details: [{ label: '<!here> & co', value: '<#C1> > 3' }],
		});
		const escaped = 'A &amp; B &lt;!channel&gt; &lt;https://evil.example|click&gt; &lt;@U123&gt;';
		expect(message.text).toBe(escaped);
		expect(message.blocks[0].text).toEqual({ type: 'mrkdwn', text: escaped });
		expect((message.blocks[1] as Block).fields).toEqual([{ type: 'mrkdwn', text: '*&lt;!here&gt; &amp; co*\n&lt;#C1&gt; &gt; 3' }]);
		expect(JSON.stringify(message)).not.toMatch(/<[!@#]/);
	});

	it("cuts the section to Slack's 3000 characters and the fallback to 4000, never inside an entity", () => {
		const long = buildAlertMessage({ text: 'x'.repeat(5000) });
		expect((long.blocks[0] as Block).text.text).toHaveLength(3000);
		expect((long.blocks[0] as Block).text.text.endsWith('…')).toBe(true);
		expect(long.text).toHaveLength(4000);

		const entities = buildAlertMessage({ text: `${'y'.repeat(2997)}<<<` });
		const section = (entities.blocks[0] as Block).text.text as string;
		expect(section.length).toBeLessThanOrEqual(3000);
		expect(section).toBe(`${'y'.repeat(2997)}…`);
		expect(buildAlertMessage({ text: `${'y'.repeat(2994)}<<<` }).blocks[0]).toEqual({
			type: 'section',
			text: { type: 'mrkdwn', text: `${'y'.repeat(2994)}&lt;…` },
		});
	});

	it('shows at most ten details as fields, says how many more there are, and leaves out empty values', () => {
		const details = Array.from({ length: 13 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
		details.splice(2, 0, { label: 'Empty', value: '  ' });
		const message = buildAlertMessage({ text: 'Daily SLA report', details });
		const fields = (message.blocks[1] as Block).fields as Block[];
		expect(fields).toHaveLength(10);
		expect(fields.map((field) => field.text)).toEqual(Array.from({ length: 10 }, (_, i) => `*L${i}*\nv${i}`));
		expect(message.blocks[2]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '3 more details not shown.' }] });
	});

	it('shows a detail without a label as its value, cut to the field limit', () => {
		const message = buildAlertMessage({ text: 't', details: [{ label: ' ', value: 'z'.repeat(2500) }] });
		const [field] = (message.blocks[1] as Block).fields as Block[];
		expect(field.text).toHaveLength(2000);
		expect(field.text.startsWith('zzz')).toBe(true);
	});

	it('adds a link button for an http(s) link, with its label cut to 75 characters', () => {
		const message = buildAlertMessage({ text: 't', link: { url: ' https://n8n.example.com/webhook/replay?id=dl-1 ', label: 'Replay' } });
		expect(message.blocks[1]).toEqual({
			type: 'actions',
			elements: [{ type: 'button', text: { type: 'plain_text', text: 'Replay', emoji: true }, url: 'https://n8n.example.com/webhook/replay?id=dl-1', action_id: 'sla_alert_link' }],
		});
		const unlabeled = buildAlertMessage({ text: 't', link: { url: 'http://wiki.local/runbook' } });
		expect((unlabeled.blocks[1] as Block).elements[0].text.text).toBe(DEFAULT_ALERT_LINK_LABEL);
		const longLabel = buildAlertMessage({ text: 't', link: { url: 'https://x.example', label: 'b'.repeat(100) } });
		expect((longLabel.blocks[1] as Block).elements[0].text.text).toHaveLength(75);
	});

	it('leaves the button out for a link Slack would refuse', () => {
		for (const url of ['', 'javascript:alert(1)', 'wiki/runbook', 'https://with space.example', `https://x.example/${'p'.repeat(3000)}`]) {
			expect(buildAlertMessage({ text: 't', link: { url, label: 'Open' } }).blocks).toHaveLength(1);
		}
	});

	it('orders the blocks: text, fields, the note on hidden details, the button', () => {
		const details = Array.from({ length: 11 }, (_, i) => ({ label: `L${i}`, value: `v${i}` }));
		const message = buildAlertMessage({ text: 't', details, link: { url: 'https://x.example', label: 'Open' } });
		expect(message.blocks.map((block) => block.type)).toEqual(['section', 'section', 'context', 'actions']);
	});

	it('claims an idempotency key in a namespace of its own, and no key for an empty one', () => {
		expect(alertClaimKey('dead-letter:42')).toBe('sla-alert:v1:dead-letter%3A42');
		expect(alertClaimKey('  report 2026-03-10 ')).toBe('sla-alert:v1:report%202026-03-10');
		expect(alertClaimKey('')).toBeNull();
		expect(alertClaimKey('   ')).toBeNull();
		expect(alertClaimKey(undefined)).toBeNull();
		expect(alertClaimKey('sla-escalation:v1:T-42')).not.toMatch(/^sla-escalation:/);
	});
});
