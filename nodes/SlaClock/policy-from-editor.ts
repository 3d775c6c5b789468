import type { IDataObject } from 'n8n-workflow';

import { splitList } from '../shared/parameters';

interface EditorInterval {
	days?: string[];
	start?: string;
	end?: string;
}

interface EditorCalendar {
	name?: string;
	timezone?: string;
	alwaysOpen?: boolean;
	holidayCountry?: string;
	holidayRegion?: string;
	closedDates?: string;
	hours?: { interval?: EditorInterval[] };
}

interface EditorPolicy {
	name?: string;
	version?: string;
	calendar?: string;
	priority?: string;
	tier?: string;
	channel?: string;
	issueType?: string;
	firstResponse?: number;
	nextResponse?: number;
	resolution?: number;
	periodicUpdate?: number;
	atRiskPercent?: number;
}

function calendarDocument(calendar: EditorCalendar): IDataObject {
	const weeklyHours: Record<string, Array<{ start: string; end: string }>> = {};
	for (const interval of calendar.hours?.interval ?? []) {
		for (const day of interval.days ?? []) {
			(weeklyHours[day] ??= []).push({ start: String(interval.start ?? ''), end: String(interval.end ?? '') });
		}
	}
	const alwaysOpen = calendar.alwaysOpen === true;
	const document: IDataObject = {
		name: calendar.name,
		timezone: calendar.timezone,
		...(alwaysOpen ? { alwaysOpen } : { weeklyHours }),
		closures: splitList(calendar.closedDates).map((date) => ({ date })),
	};
	if (calendar.holidayCountry) {
		document.holidays = { country: calendar.holidayCountry, ...(calendar.holidayRegion ? { region: calendar.holidayRegion } : {}) };
	}
	return document;
}

function policyDocument(policy: EditorPolicy): IDataObject {
	const match: Record<string, string[]> = {};
	for (const key of ['priority', 'tier', 'channel', 'issueType'] as const) {
		const values = splitList(policy[key]);
		if (values.length) match[key] = values;
	}
	const targets: Record<string, number> = {};
	for (const key of ['firstResponse', 'nextResponse', 'resolution', 'periodicUpdate'] as const) {
		const minutes = Number(policy[key] ?? 0);
		if (minutes > 0) targets[key] = minutes;
	}
	return {
		name: policy.name,
		version: policy.version,
		calendar: policy.calendar,
		...(Object.keys(match).length ? { match } : {}),
		targets,
		atRiskPercent: policy.atRiskPercent,
	};
}

/** The policy-set document (the same shape as the JSON source) from the "Build in Editor" fields. */
export function policySetFromEditor(calendars: IDataObject, policies: IDataObject): IDataObject {
	return {
		calendars: ((calendars.calendar as EditorCalendar[]) ?? []).map(calendarDocument),
		policies: ((policies.policy as EditorPolicy[]) ?? []).map(policyDocument),
	};
}
