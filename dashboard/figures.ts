/**
 * The figures the page shows, as the SLA Store node's Dashboard operation computes them
 * (engine/kpi/dashboard.ts, SlaDashboard); only the fields the page reads.
 */
export type Metric = 'firstResponse' | 'nextResponse' | 'resolution' | 'periodicUpdate';

export interface AttentionTicket {
	key: string;
	id: string;
	subject: string | null;
	priority: string | null;
	tier: string | null;
	assignee: string | null;
	queue: string | null;
	metric: Metric;
	state: string;
	dueAt: string | null;
	byMs: number | null;
	escalationLevel: number;
}

export interface Counted {
	count: number;
	rate: number | null;
}

export interface Times {
	businessMs: number | null;
	businessCount: number;
	wallClockMs: number | null;
	wallClockCount: number;
}

export interface Dashboard {
	evaluatedAt: string;
	timezone: string;
	period: { from: string; to: string };
	days: string[];
	summary: {
		tickets: { created: number; openNow: number; resolvedInPeriod: number };
		firstResponseTime: Times;
		resolutionTime: Times;
		now: { atRisk: number; overdue: number; clocksDue: number };
		reopened: Counted;
		escalated: Counted;
		manualOverride: Counted;
		backlogAge: {
			count: number;
			medianMs: number | null;
			p90Ms: number | null;
			maxMs: number | null;
			buckets: { underHour: number; hoursOneToFour: number; hoursFourTo24: number; daysOneToThree: number; overThreeDays: number };
		};
	};
	attention: { breachedCount: number; atRiskCount: number; breached: AttentionTicket[]; atRisk: AttentionTicket[] };
	breachRate: Record<Metric, Array<{ measured: number; breached: number; rate: number | null }>>;
	activity: { escalations: number[]; reopens: number[]; manualOverrides: number[] };
	audit: {
		status: 'intact' | 'broken' | 'unavailable' | 'not read';
		message: string | null;
		entries: number | null;
		manualOverrideCount: number;
		manualOverrides: Array<{ occurredAt: string; actor: string; ticketId: string | null; rule: string | null }>;
	};
}

/** What the node puts into the page beside the figures. */
export interface PageData {
	dashboard: Dashboard;
	/** Seconds between reloads; 0 turns the refresh off. */
	refreshSeconds: number;
}

export const METRICS: Metric[] = ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'];

export const METRIC_LABELS: Record<Metric, string> = {
	firstResponse: 'First response',
	nextResponse: 'Next response',
	resolution: 'Resolution',
	periodicUpdate: 'Periodic update',
};
