import { isKnownTimezone } from '../core';
import type { DrillFollowUp, DrillScenario, DrillWave, WaveExpectation } from './drill-scenario';

/**
 * Validates a drill scenario as a builder pasted it (an object or its JSON text), in one place,
 * with messages that name the field: `waves[1].tickets: must be a whole number from 1 to 500`.
 * Sizes are bounded so a drill never floods the store.
 */
export class DrillScenarioError extends Error {
	constructor(
		readonly field: string,
		message: string,
	) {
		super(`${field}: ${message}`);
	}
}

const MAX_WAVES = 20;
const MAX_TICKETS_PER_WAVE = 500;
const MAX_TICKETS = 2_000;
const MAX_MINUTES = 10_080;
const MAX_LIST = 50;
const MAX_TEXT = 200;
const WAVE_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/;
const SOURCE = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const SLA_STATES = ['running', 'paused', 'met', 'at_risk', 'breached'];

type Fields = Record<string, unknown>;

function fieldsAt(value: unknown, field: string): Fields {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new DrillScenarioError(field, 'must be an object');
	return value as Fields;
}

function textAt(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '') throw new DrillScenarioError(field, 'must be text');
	if (value.length > MAX_TEXT) throw new DrillScenarioError(field, `must be at most ${MAX_TEXT} characters`);
	return value.trim();
}

const optionalText = (value: unknown, field: string) => (value === undefined || value === null || value === '' ? undefined : textAt(value, field));

function wholeAt(value: unknown, field: string, min: number, max: number): number {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) throw new DrillScenarioError(field, `must be a whole number from ${min} to ${max}`);
	return value;
}

function textsAt(value: unknown, field: string): string[] {
	if (!Array.isArray(value) || value.length === 0 || value.length > MAX_LIST) throw new DrillScenarioError(field, `must be a list of 1 to ${MAX_LIST} texts`);
	return value.map((entry: unknown, index) => textAt(entry, `${field}[${index}]`));
}

export function readDrillScenario(value: unknown): DrillScenario {
	const document = fieldsAt(typeof value === 'string' ? parseJson(value) : value, 'scenario');
	const source = optionalText(document.source, 'source')?.toLowerCase() ?? 'drill';
	if (!SOURCE.test(source)) throw new DrillScenarioError('source', "must be letters, digits, '.', '_' or '-'");
	if (!Array.isArray(document.waves) || document.waves.length === 0 || document.waves.length > MAX_WAVES) {
		throw new DrillScenarioError('waves', `must be a list of 1 to ${MAX_WAVES} waves`);
	}
	const waves = document.waves.map((wave: unknown, index) => readWave(wave, `waves[${index}]`));
	const names = new Set<string>();
	waves.forEach((wave, index) => {
		if (names.has(wave.name)) throw new DrillScenarioError(`waves[${index}].name`, `${JSON.stringify(wave.name)} is the name of an earlier wave`);
		names.add(wave.name);
	});
	const total = waves.reduce((sum, wave) => sum + wave.tickets, 0);
	if (total > MAX_TICKETS) throw new DrillScenarioError('waves', `make ${total} tickets; a drill makes at most ${MAX_TICKETS}`);
	return { name: textAt(document.name, 'name'), source, waves };
}

function parseJson(text: string): unknown {
	let problem: string;
	try {
		return JSON.parse(text);
	} catch (error) {
		problem = (error as Error).message;
	}
	throw new DrillScenarioError('scenario', `is text that is not JSON (${problem})`);
}

function readWave(value: unknown, path: string): DrillWave {
	const wave = fieldsAt(value, path);
	const name = textAt(wave.name, `${path}.name`);
	if (!WAVE_NAME.test(name)) throw new DrillScenarioError(`${path}.name`, "must be lower-case letters, digits and '-' (at most 40), like \"vip-surge\"");
	const customer = fieldsAt(wave.customer, `${path}.customer`);
	const timezone = optionalText(customer.timezone, `${path}.customer.timezone`);
	if (timezone !== undefined && !isKnownTimezone(timezone)) throw new DrillScenarioError(`${path}.customer.timezone`, `${JSON.stringify(timezone)} is not an IANA time zone`);
	const read: DrillWave = {
		name,
		tickets: wholeAt(wave.tickets, `${path}.tickets`, 1, MAX_TICKETS_PER_WAVE),
		atMinute: wholeAt(wave.atMinute, `${path}.atMinute`, 0, MAX_MINUTES),
		spreadMinutes: wave.spreadMinutes === undefined ? 0 : wholeAt(wave.spreadMinutes, `${path}.spreadMinutes`, 0, MAX_MINUTES),
		customer: { tiers: textsAt(customer.tiers, `${path}.customer.tiers`), region: textAt(customer.region, `${path}.customer.region`), ...(timezone ? { timezone } : {}) },
		subjects: textsAt(wave.subjects, `${path}.subjects`),
		expect: readExpectation(wave.expect, `${path}.expect`),
	};
	for (const key of ['note', 'priority', 'channel', 'language'] as const) {
		const text = key === 'note' ? optionalNote(wave.note, `${path}.note`) : optionalText(wave[key], `${path}.${key}`);
		if (text !== undefined) read[key] = text;
	}
	if (wave.followUps !== undefined) {
		if (!Array.isArray(wave.followUps) || wave.followUps.length > MAX_LIST) throw new DrillScenarioError(`${path}.followUps`, `must be a list of at most ${MAX_LIST} events`);
		read.followUps = wave.followUps.map((followUp: unknown, index) => readFollowUp(followUp, `${path}.followUps[${index}]`));
	}
	return read;
}

function optionalNote(value: unknown, field: string): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value !== 'string' || value.length > 1_000) throw new DrillScenarioError(field, 'must be text of at most 1,000 characters');
	return value;
}

function readFollowUp(value: unknown, path: string): DrillFollowUp {
	const followUp = fieldsAt(value, path);
	const read: DrillFollowUp = { type: textAt(followUp.type, `${path}.type`), afterMinutes: wholeAt(followUp.afterMinutes, `${path}.afterMinutes`, 0, MAX_MINUTES) };
	const status = optionalText(followUp.status, `${path}.status`);
	if (read.type === 'status' && status === undefined) throw new DrillScenarioError(`${path}.status`, 'is missing: a status event names the new status');
	if (status !== undefined) read.status = status;
	const actor = optionalText(followUp.actor, `${path}.actor`);
	if (actor !== undefined) read.actor = actor;
	return read;
}

function readExpectation(value: unknown, path: string): WaveExpectation {
	const expect = fieldsAt(value, path);
	const read: WaveExpectation = { checkAfterMinutes: wholeAt(expect.checkAfterMinutes, `${path}.checkAfterMinutes`, 0, MAX_MINUTES) };
	const slaState = optionalText(expect.slaState, `${path}.slaState`);
	if (slaState !== undefined && !SLA_STATES.includes(slaState)) throw new DrillScenarioError(`${path}.slaState`, `must be one of ${SLA_STATES.join(', ')}`);
	if (slaState !== undefined) read.slaState = slaState;
	if (expect.escalated !== undefined) {
		if (typeof expect.escalated !== 'boolean') throw new DrillScenarioError(`${path}.escalated`, 'must be true or false');
		read.escalated = expect.escalated;
	}
	if (expect.minEscalationLevel !== undefined) read.minEscalationLevel = wholeAt(expect.minEscalationLevel, `${path}.minEscalationLevel`, 1, 20);
	for (const key of ['routingRegion', 'notRoutingRegion', 'routingQueue', 'routingOutcome'] as const) {
		const text = optionalText(expect[key], `${path}.${key}`);
		if (text !== undefined) read[key] = text;
	}
	return read;
}
