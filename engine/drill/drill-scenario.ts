/**
 * A drill: synthetic tickets that pile up at once, in waves a builder can edit as plain JSON. Each
 * wave says how many tickets arrive when (minutes after the drill's start), from which customers,
 * what happens to them afterwards, and what the running system should have done with them by a
 * given time (the expectation `checkDrill` compares with what the store holds then).
 *
 * The default drill is meant to start at 12:50Z on Easter Monday (2026-04-06T12:50:00Z), against the
 * configuration the SLA Setup template seeds (workflows/sla-setup.json): the policies' business hours
 * (Berlin) and EMEA's shift are closed for the German holiday, APAC's day (Sydney) is over, and AMER's
 * (New York) starts at 13:00Z with one agent who speaks English, takes four tickets at a time and has
 * no VIP skill. Its expectations assume that configuration and the drill template's sweep (which
 * escalates in Dry Run); change them to match the policies and rosters of your store.
 */
export interface DrillScenario {
	name: string;
	/** The source of the drill tickets: keys are `source:id`. Default "drill". */
	source?: string;
	waves: DrillWave[];
}

export interface DrillWave {
	/** Lower case letters, digits and '-'; part of every ticket id of the wave. */
	name: string;
	/** What the wave simulates, for the builder. */
	note?: string;
	tickets: number;
	/** The first ticket arrives this many minutes after the start, the others within `spreadMinutes` after it. */
	atMinute: number;
	spreadMinutes?: number;
	customer: { tiers: string[]; region: string; timezone?: string };
	priority?: string;
	channel?: string;
	language?: string;
	/** Subjects to pick from. */
	subjects: string[];
	/** Events after each ticket's creation. */
	followUps?: DrillFollowUp[];
	expect: WaveExpectation;
}

export interface DrillFollowUp {
	type: string;
	afterMinutes: number;
	status?: string;
	actor?: string;
}

/** What should hold for every ticket of the wave when checked; only the fields given are checked. */
export interface WaveExpectation {
	/** When to check: minutes after the drill's start. */
	checkAfterMinutes: number;
	/** The ticket's overall SLA state (`sla.state`): running, paused, met, at_risk or breached. */
	slaState?: string;
	/** Whether it escalated (level 1 or higher). */
	escalated?: boolean;
	minEscalationLevel?: number;
	routingRegion?: string;
	/** A region the ticket must not be routed to (a closed one). */
	notRoutingRegion?: string;
	routingQueue?: string;
	routingOutcome?: string;
}

export const DEFAULT_DRILL_SCENARIO: DrillScenario = {
	name: 'Holiday, handoff and VIP surge at once',
	source: 'drill',
	waves: [
		{
			name: 'holiday-emea',
			note: 'Easter Monday closes EMEA: its business-hours clocks stand still, so nothing breaches while the office is shut.',
			tickets: 5,
			atMinute: 0,
			spreadMinutes: 10,
			customer: { tiers: ['standard', 'pro'], region: 'emea', timezone: 'Europe/Berlin' },
			priority: 'normal',
			channel: 'email',
			language: 'de',
			subjects: ['Rechnung doppelt abgebucht', 'Passwort zurücksetzen geht nicht', 'Lieferung fehlt'],
			followUps: [{ type: 'customer_reply', afterMinutes: 30 }],
			expect: { checkAfterMinutes: 240, slaState: 'running', escalated: false },
		},
		{
			name: 'shift-handoff',
			note: "APAC's day is over when AMER's starts at 13:00Z: tickets arriving at the handoff go to AMER (fewer than AMER can take at once).",
			tickets: 3,
			atMinute: 10,
			spreadMinutes: 5,
			customer: { tiers: ['pro'], region: 'apac', timezone: 'Asia/Tokyo' },
			priority: 'normal',
			channel: 'chat',
			language: 'en',
			subjects: ['Cannot export my report', 'API returns 500 on upload', 'Invite link expired'],
			expect: { checkAfterMinutes: 20, routingRegion: 'amer' },
		},
		{
			name: 'vip-surge',
			note: 'VIP and enterprise billing tickets arrive together: none may be routed into the closed EMEA region (they wait for a VIP-skilled agent instead).',
			tickets: 8,
			atMinute: 8,
			spreadMinutes: 4,
			customer: { tiers: ['vip', 'enterprise'], region: 'emea', timezone: 'Europe/London' },
			priority: 'high',
			channel: 'email',
			language: 'en',
			subjects: ['Invoice charged twice', 'Refund for cancelled seats', 'Wrong VAT on the March invoice'],
			expect: { checkAfterMinutes: 15, notRoutingRegion: 'emea' },
		},
		{
			name: 'will-breach',
			note: 'Urgent tickets nobody answers: they breach their first response and escalate (in the drill template, a dry run: the level it would send).',
			tickets: 3,
			atMinute: 0,
			spreadMinutes: 0,
			customer: { tiers: ['enterprise'], region: 'amer', timezone: 'America/New_York' },
			priority: 'urgent',
			channel: 'phone',
			language: 'en',
			subjects: ['Production is down', 'All logins fail'],
			expect: { checkAfterMinutes: 240, slaState: 'breached', escalated: true },
		},
	],
};
