import { CalendarError } from '../../../engine/calendar/calendar';
import { addBusinessTime } from '../../../engine/calendar/calendar';
import {
	compilePolicySet,
	DEFAULT_AT_RISK_PERCENT,
	normalizeName,
	PolicyError,
	policyFactsOf,
	policyNamed,
	selectPolicy,
} from '../../../engine/sla/policy';
import type { PolicySetSpec, SlaPolicySpec } from '../../../engine/sla/policy';
import type { Ticket } from '../../../engine/core/ticket';
import { weekdayHours } from '../../support/time';

const berlinOffice = {
	name: 'Berlin Office',
	timezone: 'Europe/Berlin',
	weeklyHours: weekdayHours('09:00', '17:00'),
	holidays: { country: 'DE' },
};
const alwaysOpen = { name: '24/7', timezone: 'UTC', alwaysOpen: true };

const urgent: SlaPolicySpec = { name: 'Urgent', version: 3, calendar: '24/7', match: { priority: ['urgent', 'critical'] }, targets: { firstResponse: 30, resolution: 240 } };
const enterpriseBilling: SlaPolicySpec = {
	name: 'Enterprise Billing',
	calendar: 'Berlin Office',
	match: { tier: ['enterprise'], issueType: ['billing'] },
	targets: { firstResponse: 60 },
};
const enterprise: SlaPolicySpec = { name: 'Enterprise', calendar: 'Berlin Office', match: { tier: ['Enterprise', 'VIP'] }, targets: { firstResponse: 120 } };
const chat: SlaPolicySpec = { name: 'Chat', calendar: 'Berlin Office', match: { channel: ['chat'] }, targets: { firstResponse: 5 } };
const standard: SlaPolicySpec = { name: 'Standard', version: '2026-01', calendar: 'Berlin Office', targets: { firstResponse: 480, resolution: 2400 } };

const spec = (overrides: Partial<PolicySetSpec> = {}): PolicySetSpec => ({
	calendars: [berlinOffice, alwaysOpen],
	policies: [urgent, enterpriseBilling, enterprise, chat, standard],
	...overrides,
});

const ticket = (fields: Partial<Ticket> & { intent?: unknown }): Ticket => ({ id: 'T-1', createdAt: '2026-03-10T09:00:00+01:00', ...fields });

/** The PolicyError (or CalendarError) thrown by `run`. */
function errorOf(run: () => unknown): PolicyError | CalendarError {
	try {
		run();
	} catch (error) {
		if (error instanceof PolicyError || error instanceof CalendarError) return error;
		throw error;
	}
	throw new Error('expected an error, none was thrown');
}

describe('choosing the policy for a ticket', () => {
	const set = compilePolicySet(spec());
	const chosen = (fields: Partial<Ticket> & { intent?: unknown }) => selectPolicy(set, ticket(fields)).name;

	it('the first policy whose conditions all fit wins, in the order written', () => {
		expect(chosen({ priority: 'urgent', customer: { tier: 'enterprise' }, channel: 'chat' })).toBe('Urgent');
		expect(chosen({ priority: 'normal', customer: { tier: 'enterprise' }, channel: 'chat' })).toBe('Enterprise');
		expect(chosen({ priority: 'normal', customer: { tier: 'pro' }, channel: 'chat' })).toBe('Chat');
	});

	it('every condition of a policy must fit: tier alone does not select a tier-and-issue-type policy', () => {
		expect(chosen({ customer: { tier: 'enterprise' }, intent: { type: 'billing' } })).toBe('Enterprise Billing');
		expect(chosen({ customer: { tier: 'enterprise' }, intent: { type: 'outage' } })).toBe('Enterprise');
		expect(chosen({ customer: { tier: 'pro' }, intent: { type: 'billing' } })).toBe('Standard');
	});

	it('matches case-insensitively and ignores surrounding spaces', () => {
		expect(chosen({ priority: ' CRITICAL ' })).toBe('Urgent');
		expect(chosen({ customer: { tier: 'vip' } })).toBe('Enterprise');
		expect(chosen({ channel: 'Chat' })).toBe('Chat');
	});

	it('reads the issue type from Normalize Intent\'s intent.type', () => {
		expect(policyFactsOf(ticket({ intent: { type: 'billing', confidence: 0.9 }, customer: { tier: 'enterprise' } }))).toEqual({
			priority: undefined,
			tier: 'enterprise',
			channel: undefined,
			issueType: 'billing',
		});
	});

	it('a ticket without the value a condition asks for does not match it', () => {
		expect(chosen({ channel: 'email' })).toBe('Standard');
		expect(chosen({ intent: { type: 'billing' } })).toBe('Standard');
	});

	it('the policy without "match" is the fallback wherever it stands in the list', () => {
		const defaultFirst = compilePolicySet(spec({ policies: [standard, urgent] }));
		expect(selectPolicy(defaultFirst, ticket({ priority: 'urgent' })).name).toBe('Urgent');
		expect(selectPolicy(defaultFirst, ticket({ priority: 'low' })).name).toBe('Standard');
		expect(defaultFirst.defaultPolicy?.name).toBe('Standard');
	});

	it('field mappings replace the ticket values the policy is chosen by', () => {
		expect(selectPolicy(set, ticket({ priority: 'normal' }), { priority: 'urgent' }).name).toBe('Urgent');
		expect(selectPolicy(set, ticket({ customer: { tier: 'enterprise' } }), { tier: 'pro', issueType: 'billing' }).name).toBe('Standard');
	});

	it('an empty list of values matches any ticket', () => {
		const anyChannel = compilePolicySet(spec({ policies: [{ ...chat, match: { channel: [] } }] }));
		expect(selectPolicy(anyChannel, ticket({ channel: 'phone' })).name).toBe('Chat');
	});

	it('without a default, a ticket no policy fits is an error naming its values', () => {
		const noDefault = compilePolicySet(spec({ policies: [urgent, chat] }));
		const error = errorOf(() => selectPolicy(noDefault, ticket({ priority: 'low', channel: 'email' })));
		expect(error).toBeInstanceOf(PolicyError);
		expect(error.field).toBe('policies');
		expect(error.message).toContain('priority "low"');
		expect(error.message).toContain('channel "email"');
		expect(error.message).toContain('tier (none)');
		expect(error.message).toContain('no default policy');
	});

	it('a policy can be named directly; an unknown name lists the known ones', () => {
		expect(policyNamed(set, 'chat').name).toBe('Chat');
		const error = errorOf(() => policyNamed(set, 'Gold'));
		expect(error.field).toBe('policy');
		expect(error.message).toContain('no policy named "Gold"');
		expect(error.message).toContain('"Standard"');
	});
});

describe('a compiled policy set', () => {
	it('reports versions as text and compiles each policy\'s calendar', () => {
		const set = compilePolicySet(spec());
		const [first] = set.policies;
		expect(first.version).toBe('3');
		expect(policyNamed(set, 'Standard').version).toBe('2026-01');
		expect(policyNamed(set, 'Chat').version).toBeNull();
		expect(policyNamed(set, 'Standard').calendar.name).toBe('Berlin Office');
		// The compiled calendar is a real business calendar: Friday 16:30 + 1 business hour is Monday 09:30.
		const friday = Date.parse('2026-03-13T16:30:00+01:00');
		expect(addBusinessTime(policyNamed(set, 'Standard').calendar, friday, 3_600_000)).toBe(Date.parse('2026-03-16T09:30:00+01:00'));
	});

	it('has the documented defaults', () => {
		const set = compilePolicySet(spec());
		expect([...set.pauseStatuses]).toEqual(['pending', 'waiting_on_customer', 'on_hold']);
		expect([...set.resolvedStatuses]).toEqual(['solved', 'resolved', 'closed']);
		expect(set.reopen).toEqual({ mode: 'continue', followUpAfterDays: null });
		expect(set.policies.every((policy) => policy.atRiskPercent === DEFAULT_AT_RISK_PERCENT)).toBe(true);
	});

	it('accepts JSON text, comma-separated lists and numbers written as text (as loaded from a data table)', () => {
		const set = compilePolicySet(
			JSON.stringify({
				calendars: [alwaysOpen],
				policies: [{ name: 'Text', calendar: '24/7', match: { priority: 'urgent, high' }, targets: { firstResponse: '45' }, atRiskPercent: '80' }, { name: 'Default', calendar: '24/7', targets: { resolution: 60 } }],
				pauseStatuses: 'Waiting for Customer, on-hold',
				resolvedStatuses: ['Done'],
				reopen: { mode: 'new_cycle', followUpAfterDays: 14 },
			}),
		);
		const [text] = set.policies;
		expect(text.targets).toEqual({ firstResponse: 45 });
		expect(text.atRiskPercent).toBe(80);
		expect(selectPolicy(set, ticket({ priority: 'High' })).name).toBe('Text');
		expect([...set.pauseStatuses]).toEqual(['waiting_for_customer', 'on_hold']);
		expect([...set.resolvedStatuses]).toEqual(['done']);
		expect(set.reopen).toEqual({ mode: 'new_cycle', followUpAfterDays: 14 });
	});

	it('a calendar name is matched case-insensitively', () => {
		const set = compilePolicySet(spec({ policies: [{ ...standard, calendar: 'berlin office' }] }));
		expect(set.policies[0].calendar.name).toBe('Berlin Office');
	});

	it('status names compare with case, spaces and hyphens ignored', () => {
		expect(normalizeName(' Waiting on-Customer ')).toBe('waiting_on_customer');
	});
});

describe('policy-set validation names the field to fix', () => {
	it.each<[string, unknown, string, RegExp]>([
		['not an object', 42, 'policySet', /must be an object/],
		['invalid JSON text', '{ "calendars": [', 'policySet', /not valid JSON/],
		['an unknown top-level field (a typo)', { ...spec(), pauseStatus: ['pending'] }, 'pauseStatus', /not a known field/],
		['no calendars', spec({ calendars: [] }), 'calendars', /non-empty list/],
		['a calendar without a name', spec({ calendars: [berlinOffice, { timezone: 'UTC', alwaysOpen: true }] }), 'calendars[1].name', /is required/],
		['two calendars with one name', spec({ calendars: [berlinOffice, { ...alwaysOpen, name: 'berlin office' }] }), 'calendars[1].name', /already the name of calendars\[0\]/],
		['no policies', spec({ policies: [] }), 'policies', /non-empty list/],
		['a policy that is not an object', spec({ policies: ['Standard' as never] }), 'policies[0]', /must be an object/],
		['a policy without a name', spec({ policies: [{ ...standard, name: ' ' }] }), 'policies[0].name', /is required/],
		['two policies with one name', spec({ policies: [urgent, { ...standard, name: 'urgent' }] }), 'policies[1].name', /already the name of policies\[0\]/],
		['a policy without a calendar', spec({ policies: [{ ...standard, calendar: undefined as never }] }), 'policies[0].calendar', /is required/],
		['an unknown calendar', spec({ policies: [urgent, { ...standard, calendar: 'Paris Office' }] }), 'policies[1].calendar', /no calendar named "Paris Office" \(known: "Berlin Office", "24\/7"\)/],
		['a version that is an object', spec({ policies: [{ ...standard, version: {} as never }] }), 'policies[0].version', /string or a number/],
		['no targets', spec({ policies: [{ ...standard, targets: undefined as never }] }), 'policies[0].targets', /must be an object/],
		['empty targets', spec({ policies: [{ ...standard, targets: {} }] }), 'policies[0].targets', /at least one target/],
		['a misspelt target', spec({ policies: [{ ...standard, targets: { resolutionTime: 60 } as never }] }), 'policies[0].targets.resolutionTime', /not a known field/],
		['a negative target', spec({ policies: [{ ...standard, targets: { resolution: -5 } }] }), 'policies[0].targets.resolution', /positive number/],
		['a zero target', spec({ policies: [{ ...standard, targets: { firstResponse: 0 } }] }), 'policies[0].targets.firstResponse', /positive number/],
		['a target that is not a number', spec({ policies: [{ ...standard, targets: { firstResponse: '2h' as never } }] }), 'policies[0].targets.firstResponse', /"2h"/],
		['a target of centuries', spec({ policies: [{ ...standard, targets: { resolution: 1e9 } }] }), 'policies[0].targets.resolution', /more than a century/],
		['an at-risk percentage above 100', spec({ policies: [{ ...standard, atRiskPercent: 120 }] }), 'policies[0].atRiskPercent', /at most 100/],
		['an at-risk percentage of 0', spec({ policies: [{ ...standard, atRiskPercent: 0 }] }), 'policies[0].atRiskPercent', /above 0/],
		['a match that is a list', spec({ policies: [{ ...chat, match: ['chat'] as never }] }), 'policies[0].match', /must be an object/],
		['an unknown match field', spec({ policies: [{ ...chat, match: { region: ['EU'] } as never }] }), 'policies[0].match.region', /not a known field/],
		['a match value that is not text', spec({ policies: [{ ...chat, match: { channel: ['chat', { id: 1 }] } as never }] }), 'policies[0].match.channel[1]', /must be a string/],
		['a match list that is a number', spec({ policies: [{ ...chat, match: { priority: 1 } as never }] }), 'policies[0].match.priority', /list of strings/],
		['two policies without "match"', spec({ policies: [standard, urgent, { ...standard, name: 'Fallback' }] }), 'policies[2].match', /policies\[0\] \("Standard"\) is already the default/],
		['a status that both pauses and resolves', spec({ pauseStatuses: ['pending', 'Closed'] }), 'pauseStatuses', /"closed" is also a resolved status/],
		['no resolved statuses', spec({ resolvedStatuses: [] }), 'resolvedStatuses', /at least one status/],
		['pause statuses that are not a list', spec({ pauseStatuses: 5 as never }), 'pauseStatuses', /list of strings/],
		['an unknown reopen mode', spec({ reopen: { mode: 'restart' as never } }), 'reopen.mode', /"continue" or "new_cycle", got "restart"/],
		['a reopen rule that is text', spec({ reopen: 'continue' as never }), 'reopen', /must be an object/],
		['an unknown reopen field', spec({ reopen: { mode: 'continue', days: 3 } as never }), 'reopen.days', /not a known field/],
		['negative follow-up days', spec({ reopen: { followUpAfterDays: -1 } }), 'reopen.followUpAfterDays', /number of days/],
	])('rejects %s', (_case, document, field, message) => {
		const error = errorOf(() => compilePolicySet(document));
		expect(error).toBeInstanceOf(PolicyError);
		expect(error.field).toBe(field);
		expect(error.message).toMatch(message);
		expect(error.message.startsWith(`${field}: `)).toBe(true);
	});

	it('rejects a bad calendar with the calendar\'s own error, its path inside the policy set', () => {
		const error = errorOf(() => compilePolicySet(spec({ calendars: [berlinOffice, { name: 'Moon Base', timezone: 'Moon/Tranquility', alwaysOpen: true }] })));
		expect(error).toBeInstanceOf(CalendarError);
		expect(error.field).toBe('calendars[1].timezone');
		expect(error.message).toContain('Moon/Tranquility');
	});

	it('rejects a calendar with an unknown holiday country', () => {
		const error = errorOf(() => compilePolicySet(spec({ calendars: [{ ...berlinOffice, holidays: { country: 'XX' } }] })));
		expect(error.field).toBe('calendars[0].holidays.country');
	});

	it('follow-up days of 0 mean a reopen never starts a follow-up', () => {
		expect(compilePolicySet(spec({ reopen: { mode: 'continue', followUpAfterDays: 0 } })).reopen.followUpAfterDays).toBeNull();
	});
});
