/** SLA clocks as the SLA Clock node writes them, for the breach procedure's tests. */
import { iso, MINUTE } from '../../support/time';

export const T0 = Date.parse('2026-03-10T09:00:00+01:00');

export interface ClockShape {
	target: number;
	startedAt?: string;
	dueAt: string | null;
	elapsedMs?: number;
	remainingMs?: number;
	percentUsed?: number;
	state: string;
	breachedAt?: string | null;
	fulfilledAt?: string | null;
	cycle?: number;
}

export function clock(target: number, usedMinutes: number, extra: Partial<ClockShape> = {}): ClockShape {
	const breached = usedMinutes > target;
	return {
		target,
		startedAt: '2026-03-10T09:00:00.000+01:00',
		dueAt: iso(T0 + target * MINUTE),
		elapsedMs: usedMinutes * MINUTE,
		remainingMs: (target - usedMinutes) * MINUTE,
		percentUsed: Math.round((usedMinutes / target) * 10_000) / 100,
		state: breached ? 'breached' : usedMinutes >= target * 0.75 ? 'at_risk' : 'running',
		breachedAt: breached ? iso(T0 + target * MINUTE) : null,
		fulfilledAt: null,
		cycle: 1,
		...extra,
	};
}

/** An enterprise ticket's clocks: first response (2 h target) used `firstResponseMinutes`, resolution (16 h) running. */
export function slaWith(firstResponseMinutes: number, extra: Record<string, unknown> = {}) {
	const firstResponse = clock(120, firstResponseMinutes);
	const resolution = clock(960, firstResponseMinutes);
	return {
		state: firstResponse.state,
		policy: { name: 'Enterprise', version: '3' },
		calendar: 'Always Open',
		timezone: 'Europe/Berlin',
		cycle: 1,
		evaluatedAt: iso(T0 + firstResponseMinutes * MINUTE),
		firstResponse,
		resolution,
		...extra,
	};
}

export const at = (minutesAfterT0: number) => T0 + minutesAfterT0 * MINUTE;
