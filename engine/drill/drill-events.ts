import { formatInstant } from '../core';
import { ticketKey, type IntakeBody } from '../intake';
import type { DrillScenario, WaveExpectation } from './drill-scenario';
import { readDrillScenario } from './scenario-document';
import { seededRandom } from './seeded-random';

/**
 * The intake events of a drill: for every ticket of every wave a `ticket_created` event and its
 * follow-ups, generic webhook bodies marked `drill: true` with `now` set to their own time (the
 * drill template posts them to the intake with "now" allowed, so every clock runs as if live).
 * Arrival times within a wave, tiers and subjects come from the seed: the same scenario, start and
 * seed give the same events. Events are in time order (equal times in the order made).
 */
export interface DrillEvent extends IntakeBody {
	drill: true;
	now: string;
	/** On each ticket's `ticket_created` event: what should hold for the ticket when checked. */
	expectation?: DrillExpectation;
}

export interface DrillExpectation extends Omit<WaveExpectation, 'checkAfterMinutes'> {
	ticketKey: string;
	wave: string;
	/** When to check (ISO-8601, UTC). */
	checkAt: string;
}

const MINUTE_MS = 60_000;

export function drillEvents(scenario: DrillScenario, start: number, seed: number): DrillEvent[] {
	if (typeof start !== 'number' || !Number.isFinite(start)) throw new RangeError(`start must be an instant in epoch milliseconds, got ${String(start)}`);
	if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a whole number, got ${String(seed)}`);
	const { source = 'drill', waves } = readDrillScenario(scenario);
	const random = seededRandom(seed);
	const iso = (ms: number) => formatInstant(ms, 'UTC');
	const events: DrillEvent[] = [];
	for (const wave of waves) {
		const { checkAfterMinutes, ...checks } = wave.expect;
		for (let n = 1; n <= wave.tickets; n++) {
			const spreadSeconds = (wave.spreadMinutes ?? 0) * 60;
			const createdAt = start + wave.atMinute * MINUTE_MS + random.below(spreadSeconds + 1) * 1000;
			const id = `${wave.name}-${seed}-${String(n).padStart(3, '0')}`;
			const customerId = `drill-${wave.name}-${n}`;
			const at = iso(createdAt);
			events.push({
				eventId: `${id}:created`,
				source,
				type: 'ticket_created',
				at,
				ticket: {
					id,
					subject: random.pick(wave.subjects),
					body: `Drill ticket ${n} of ${wave.tickets} in "${wave.name}".${wave.note ? ` ${wave.note}` : ''}`,
					status: 'new',
					createdAt: at,
					tags: ['drill', wave.name],
					customer: { id: customerId, tier: random.pick(wave.customer.tiers), region: wave.customer.region, email: `${customerId}@drill.invalid`, ...(wave.customer.timezone ? { timezone: wave.customer.timezone } : {}) },
					...(wave.priority ? { priority: wave.priority } : {}),
					...(wave.channel ? { channel: wave.channel } : {}),
					...(wave.language ? { language: wave.language } : {}),
				},
				drill: true,
				now: at,
				expectation: { ticketKey: ticketKey(source, id), wave: wave.name, checkAt: iso(start + checkAfterMinutes * MINUTE_MS), ...checks },
			});
			(wave.followUps ?? []).forEach((followUp, index) => {
				const followUpAt = iso(createdAt + followUp.afterMinutes * MINUTE_MS);
				events.push({
					eventId: `${id}:${index + 1}`,
					source,
					type: followUp.type,
					at: followUpAt,
					...(followUp.status ? { status: followUp.status } : {}),
					...(followUp.actor ? { actor: followUp.actor } : {}),
					ticket: { id },
					drill: true,
					now: followUpAt,
				});
			});
		}
	}
	// Array.prototype.sort is stable; ISO text in UTC with milliseconds sorts like the instants.
	return events.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The expectations carried by a drill's events, one per ticket. */
export function drillExpectations(events: readonly DrillEvent[]): DrillExpectation[] {
	return events.flatMap((event) => (event.expectation ? [event.expectation] : []));
}
