/**
 * Policy sets under change control: Propose, Approve and Activate a version, and Get Policy
 * Versions for SLA Clock ("Versions From SLA Store"). The rules (numbering, diff, segregation of
 * duties, which version applies when) are engine/sla's; this file reads parameters, finds out which
 * n8n user acts (n8n-identity.ts) and keeps versions through PolicyVersionStore.
 */
import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { activate, approve, compilePolicySet, PolicyError, type PolicyVersion, PolicyVersionError, proposeVersion, repeatsActivation, versionLabel } from '../../../engine/sla';
import { asItemError } from '../../shared/items';
import { ParameterError, readJsonParameter } from '../../shared/parameters';
import { actingUser, IdentityError } from '../n8n-identity';
import { DataTablePolicyVersions, stateOf, type PolicyVersionStore } from '../policy-version-store';
import type { Routed, StoreContext } from './context';

type VersionOperation = 'proposePolicyVersion' | 'approvePolicyVersion' | 'activatePolicyVersion' | 'getPolicyVersions';
const show = (...operation: VersionOperation[]) => ({ displayOptions: { show: { operation } } });
const ACTING = ['proposePolicyVersion', 'approvePolicyVersion', 'activatePolicyVersion'] as const;

export const description: INodeProperties[] = [
	{
		displayName: 'Policy Set Name',
		name: 'policySetName',
		type: 'string',
		default: 'support',
		description: 'The name the versions of this policy set are kept under',
		...show('proposePolicyVersion', 'approvePolicyVersion', 'activatePolicyVersion', 'getPolicyVersions'),
	},
	{
		displayName: 'Policy Set Document',
		name: 'policySetDocument',
		type: 'json',
		default: '={{ $json.body?.document ?? $json.document }}',
		description: 'The whole policy set (calendars, metrics, policies) as SLA Clock reads it; it is checked before it is stored',
		...show('proposePolicyVersion'),
	},
	{
		displayName: 'Version',
		name: 'policyVersion',
		type: 'number',
		default: 1,
		description: 'The version number to approve or activate (map it from the request, e.g. {{ $JSON.body.version }})',
		...show('approvePolicyVersion', 'activatePolicyVersion'),
	},
	{
		displayName: 'Effective At',
		name: 'effectiveAt',
		type: 'string',
		default: '',
		placeholder: '2026-04-01T00:00:00+02:00',
		description: 'When the version takes effect (ISO-8601 with an offset); empty means now. Tickets created before keep the version they had.',
		...show('activatePolicyVersion'),
	},
	{
		displayName: 'Apply to Open Tickets',
		name: 'applyToOpenTickets',
		type: 'boolean',
		default: false,
		description: 'Whether tickets still open at the effective instant switch to this version too (their clocks are recomputed from their start); tickets resolved by then keep theirs',
		...show('activatePolicyVersion'),
	},
	{
		displayName: 'Acting User',
		name: 'actingUser',
		type: 'options',
		options: [
			{ name: 'Editor User', value: 'editorUser', description: 'The n8n user who started this execution in the editor' },
			{ name: 'N8n API Key of the User', value: 'apiKey', description: "The user whose n8n API key is given (a webhook caller sends their own key); n8n's API checks the key" },
		],
		default: 'editorUser',
		description: 'How the n8n user who proposes, approves or activates is known: never from a typed name',
		...show(...ACTING),
	},
	{
		displayName: 'User API Key',
		name: 'userApiKey',
		type: 'string',
		typeOptions: { password: true },
		default: '={{ $json.headers?.["x-n8n-api-key"] }}',
		description: "The acting user's own n8n API key (Settings → n8n API); n8n 2.8 keys name their user",
		displayOptions: { show: { operation: [...ACTING], actingUser: ['apiKey'] } },
	},
];

/** The store of versions for this execution. */
const storeOf = (store: StoreContext): PolicyVersionStore => new DataTablePolicyVersions(store.tables);

const setName = (store: StoreContext, itemIndex: number) => {
	const name = String(store.ctx.getNodeParameter('policySetName', itemIndex, '') ?? '').trim();
	if (name === '') throw new Error('Policy Set Name: is empty');
	return name;
};

function versionNumber(store: StoreContext, itemIndex: number): number {
	const value = Number(store.ctx.getNodeParameter('policyVersion', itemIndex, 0));
	if (!Number.isInteger(value) || value < 1) throw new Error('Version: must be a version number (1, 2, …)');
	return value;
}

/** A version asked for that the set does not have. */
class VersionNotFound extends Error {}

async function findVersion(versions: PolicyVersionStore, set: string, number: number): Promise<{ version: PolicyVersion; all: PolicyVersion[] }> {
	const all = await versions.list(set);
	const version = all.find((candidate) => candidate.version === number);
	if (!version) throw new VersionNotFound(`Version: ${set}@v${number} does not exist (the set has ${all.length === 0 ? 'no versions' : all.map(versionLabel).join(', ')})`);
	return { version, all };
}

/**
 * Why change control turned a request down; each kind is one answer of the policy-change template
 * (invalid 400, identity 403, not found 404, change control 409). Store failures are not refusals:
 * they stay errors, for the error output and a retry.
 */
export type RefusalKind = 'changeControl' | 'identity' | 'invalidDocument' | 'notFound';

function refusalOf(error: unknown): { kind: RefusalKind; version?: string; message: string; hint?: string } | null {
	if (error instanceof PolicyVersionError) return { kind: 'changeControl', version: error.version, message: error.message };
	if (error instanceof IdentityError) return { kind: 'identity', message: error.message, hint: error.hint };
	if (error instanceof VersionNotFound) return { kind: 'notFound', message: error.message };
	if (error instanceof PolicyError || error instanceof ParameterError) return { kind: 'invalidDocument', message: error.message, ...(error instanceof ParameterError && error.hint ? { hint: error.hint } : {}) };
	return null;
}

/**
 * Runs an acting operation; a refusal leaves on Refused under `policyRefusal` (the request is not
 * copied: a webhook's headers carry the caller's API key).
 */
async function refusedOnOutput1(store: StoreContext, itemIndex: number, operation: () => Promise<Routed>): Promise<Routed> {
	try {
		return await operation();
	} catch (error) {
		const refusal = refusalOf(error);
		if (refusal === null) throw asItemError(store.ctx, error, itemIndex);
		return { output: 1, json: { policyRefusal: refusal as IDataObject } };
	}
}

const nowIso = (store: StoreContext, itemIndex: number) => new Date(store.now(itemIndex)).toISOString();

export const proposePolicyVersion = (store: StoreContext, itemIndex: number) => refusedOnOutput1(store, itemIndex, () => propose(store, itemIndex));
export const approvePolicyVersion = (store: StoreContext, itemIndex: number) => refusedOnOutput1(store, itemIndex, () => approveVersion(store, itemIndex));
export const activatePolicyVersion = (store: StoreContext, itemIndex: number) => refusedOnOutput1(store, itemIndex, () => activateVersion(store, itemIndex));

async function propose(store: StoreContext, itemIndex: number): Promise<Routed> {
	const set = setName(store, itemIndex);
	const document = readJsonParameter<IDataObject>(store.ctx, 'policySetDocument', 'Policy Set Document', itemIndex);
	compilePolicySet(document);
	const author = await actingUser(store.ctx, itemIndex);
	const versions = storeOf(store);
	const proposed = proposeVersion(await versions.list(set), set, document, author, nowIso(store, itemIndex));
	if (!(await versions.add(proposed))) throw new Error(`${versionLabel(proposed)} was proposed by someone else at the same moment; propose again`);
	return { output: 0, json: { policyVersion: proposed as unknown as IDataObject } };
}

async function approveVersion(store: StoreContext, itemIndex: number): Promise<Routed> {
	const versions = storeOf(store);
	const { version } = await findVersion(versions, setName(store, itemIndex), versionNumber(store, itemIndex));
	const approved = approve(version, await actingUser(store.ctx, itemIndex), nowIso(store, itemIndex));
	if (!(await versions.replace(approved, stateOf(version)))) throw new PolicyVersionError(versionLabel(version), 'was changed by someone else meanwhile; read it again');
	return { output: 0, json: { policyVersion: approved as unknown as IDataObject } };
}

/**
 * Activates the version; the item carries what the Audit Log records as `logic_changed`: the
 * version before and after (Before/After give the field diff) and the version's own diff.
 */
async function activateVersion(store: StoreContext, itemIndex: number): Promise<Routed> {
	const versions = storeOf(store);
	const { version, all } = await findVersion(versions, setName(store, itemIndex), versionNumber(store, itemIndex));
	const at = nowIso(store, itemIndex);
	const effectiveText = String(store.ctx.getNodeParameter('effectiveAt', itemIndex, '') ?? '').trim();
	const by = await actingUser(store.ctx, itemIndex);
	// a repeated request (redelivery, or a retry after the audit entry failed) gets the activation again, unchanged
	const repeated = repeatsActivation(version, effectiveText === '' ? null : effectiveText);
	const activated = repeated ? version : activate(version, { by, at, effectiveAt: effectiveText === '' ? at : effectiveText, applyToOpenTickets: store.ctx.getNodeParameter('applyToOpenTickets', itemIndex, false) as boolean });
	if (!repeated && !(await versions.replace(activated, stateOf(version)))) throw new PolicyVersionError(versionLabel(version), 'was changed by someone else meanwhile; read it again');
	const effectiveAt = String(activated.effectiveAt);
	// the version this one follows: the last other one in effect by its instant
	const previous = all
		.filter((candidate) => candidate.effectiveAt && candidate.version !== version.version && Date.parse(String(candidate.effectiveAt)) <= Date.parse(effectiveAt))
		.sort((a, b) => Date.parse(String(a.effectiveAt)) - Date.parse(String(b.effectiveAt)) || a.version - b.version)
		.pop();
	return {
		output: 0,
		json: {
			policyVersion: activated as unknown as IDataObject,
			logicChange: {
				action: 'logic_changed',
				rule: version.set,
				version: versionLabel(version),
				previousVersion: previous ? versionLabel(previous) : null,
				before: (previous?.document ?? null) as IDataObject | null,
				after: activated.document as IDataObject,
				diff: (activated.diff ?? []) as unknown as IDataObject[],
				author: activated.author.id,
				approver: activated.approver?.id ?? null,
				activatedBy: activated.activatedBy?.id ?? null,
				effectiveAt,
				applyToOpenTickets: activated.applyToOpenTickets === true,
				repeated,
			},
		},
	};
}

const listed = new WeakMap<StoreContext, Map<string, Promise<PolicyVersion[]>>>();

/** Every version of the set, read once per execution however many items ask. */
export async function policyVersionsOf(store: StoreContext, set: string): Promise<PolicyVersion[]> {
	let cache = listed.get(store);
	if (cache === undefined) listed.set(store, (cache = new Map()));
	if (!cache.has(set)) cache.set(set, storeOf(store).list(set));
	return await cache.get(set)!;
}

/** Every item gets the set's versions under `policyVersions` (read once per execution). */
export async function getPolicyVersions(store: StoreContext, itemIndex: number): Promise<Routed> {
	const set = setName(store, itemIndex);
	const list = await policyVersionsOf(store, set);
	if (list.length === 0) throw Object.assign(new Error(`Policy Set Name: the store has no versions of "${set}"`), { hint: 'Propose a version (operation Propose Policy Version), have a second user approve it, then activate it.' });
	return { output: 0, json: { ...store.items[itemIndex].json, policyVersions: list as unknown as IDataObject[] } };
}
