import { type Calendar, isOpenAt, nextClosing, nextOpening } from '../calendar';
import type { Agent, Roster } from './roster';

/**
 * The roster during one routing batch at one instant: who is on shift, who has room, and the
 * capacity the batch has consumed so far. Coverage is asked once per calendar (many agents share
 * one), never once per agent and ticket.
 */
export class ShiftBoard {
	readonly load: Float64Array;
	readonly lastAssignedAt: Float64Array;
	/** Order of assignment within the batch (0 = not assigned in this batch): breaks ties of lastAssignedAt. */
	readonly sequence: Uint32Array;
	/** Bumped on every assignment, so indexes can tell a stale snapshot of the agent. */
	readonly version: Uint32Array;
	private assignments = 0;
	private readonly openNow = new Map<Calendar, boolean>();
	private readonly nextShift = new Map<Calendar, number | null>();
	private readonly regionOpenNow = new Map<string, boolean>();

	constructor(
		readonly roster: Roster,
		readonly now: number,
	) {
		const count = roster.agents.length;
		this.load = new Float64Array(count);
		this.lastAssignedAt = new Float64Array(count);
		this.sequence = new Uint32Array(count);
		this.version = new Uint32Array(count);
		for (const agent of roster.agents) {
			this.load[agent.index] = agent.load;
			this.lastAssignedAt[agent.index] = agent.lastAssignedAt;
		}
	}

	/** Coverage open now (no calendar: always). */
	isCovered(calendar: Calendar | null): boolean {
		if (calendar === null) return true;
		let open = this.openNow.get(calendar);
		if (open === undefined) {
			open = isOpenAt(calendar, this.now);
			this.openNow.set(calendar, open);
		}
		return open;
	}

	/** On shift: coverage open and status online. */
	onShift(agent: Agent): boolean {
		return agent.status === 'online' && this.isCovered(agent.calendar);
	}

	spare(agent: Agent): number {
		return agent.capacity - this.load[agent.index];
	}

	/** Can take a ticket now: on shift and under capacity. */
	available(agent: Agent): boolean {
		return this.spare(agent) >= 1 && this.onShift(agent);
	}

	assign(agent: Agent): void {
		this.load[agent.index] += 1;
		this.lastAssignedAt[agent.index] = this.now;
		this.sequence[agent.index] = ++this.assignments;
		this.version[agent.index] += 1;
	}

	/**
	 * The next time the calendar starts a shift after now: its next opening, or, while open now (the
	 * agents on it are busy or away), the opening after the current period closes. Null: never.
	 */
	nextShiftStart(calendar: Calendar | null): number | null {
		if (calendar === null) return null;
		let at = this.nextShift.get(calendar);
		if (at === undefined) {
			if (this.isCovered(calendar)) {
				const closing = nextClosing(calendar, this.now);
				at = closing === null ? null : nextOpening(calendar, closing);
			} else {
				at = nextOpening(calendar, this.now);
			}
			this.nextShift.set(calendar, at);
		}
		return at;
	}

	/** A region's coverage is open now: one of its groups' calendars is open, or (no group calendar) one of its agents is on shift. */
	regionOpen(region: string): boolean {
		let open = this.regionOpenNow.get(region);
		if (open === undefined) {
			const calendars = this.roster.groups.filter((group) => group.region === region && group.calendar !== null);
			open =
				calendars.length > 0
					? calendars.some((group) => this.isCovered(group.calendar))
					: this.roster.agents.some((agent) => agent.region === region && this.onShift(agent));
			this.regionOpenNow.set(region, open);
		}
		return open;
	}
}
