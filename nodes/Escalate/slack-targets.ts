/**
 * Slack channels and users as n8n resource locators, as n8n's own Slack node has them: chosen From List
 * (list-search.ts), By ID, or By Name (`#channel`). A workflow saved before these parameters were
 * resource locators holds a plain string ("#support-ops", "C0123ABCD", an expression); it is read as it
 * stands, so such workflows and templates run unchanged.
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyMode } from 'n8n-workflow';

/** A Slack ID: channels C…/G…, DMs D…, users U…/W… (n8n's Slack node accepts the same). */
const SLACK_ID = '^[A-Z0-9]{2,}$';
/** The last path segment of an app.slack.com/client/<team>/<channel> link. */
const SLACK_CLIENT_URL = 'https://app.slack.com/client/[A-Z0-9]+/([A-Z0-9]{2,})';

const idValidation = (what: string): INodePropertyMode['validation'] => [{ type: 'regex', properties: { regex: SLACK_ID, errorMessage: `Not a valid Slack ${what} ID` } }];

interface LocatorModes {
	listPlaceholder: string;
	searchListMethod: string;
	idPlaceholder: string;
	idWhat: string;
	namePlaceholder: string;
	/** Modes after By Name. */
	modes?: INodePropertyMode[];
}

/** From List (searchable), By ID and By Name (`#channel`, as chat.postMessage takes it), then any further modes. */
function slackLocator(property: Omit<INodeProperties, 'type' | 'modes'>, spec: LocatorModes): INodeProperties {
	return {
		...property,
		type: 'resourceLocator',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: spec.idPlaceholder, validation: idValidation(spec.idWhat) },
			{ displayName: 'By Name', name: 'name', type: 'string', placeholder: spec.namePlaceholder },
			...(spec.modes ?? []),
		],
	};
}

/** A channel parameter: From List, By ID, By Name or By URL. */
export function slackChannelLocator(property: Omit<INodeProperties, 'type' | 'modes'>): INodeProperties {
	return slackLocator(property, {
		listPlaceholder: 'Select a channel...',
		searchListMethod: 'getChannels',
		idPlaceholder: 'C0123ABCD',
		idWhat: 'channel',
		namePlaceholder: '#support-escalations',
		modes: [
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: 'https://app.slack.com/client/T0123ABCD/C0123ABCD',
				validation: [{ type: 'regex', properties: { regex: `${SLACK_CLIENT_URL}.*`, errorMessage: 'Not a valid Slack channel URL' } }],
				extractValue: { type: 'regex', regex: SLACK_CLIENT_URL },
			},
		],
	});
}

/**
 * A parameter that takes a channel or a person: the list holds both (channels first, then people), By ID
 * takes a channel (C…) or user (U…) ID, By Name a `#channel`. A user gets a direct message from the bot.
 */
export function slackChannelOrUserLocator(property: Omit<INodeProperties, 'type' | 'modes'>): INodeProperties {
	return slackLocator(property, {
		listPlaceholder: 'Select a channel or person...',
		searchListMethod: 'getChannelsAndUsers',
		idPlaceholder: 'C0123ABCD or U0123ABCD',
		idWhat: 'channel or user',
		namePlaceholder: '#support-leads',
	});
}

/**
 * The channel or user a Slack target parameter names, trimmed: the resource locator's value, or the
 * plain string an older workflow holds. `extractValue` applies the By URL mode's pattern.
 */
export function readSlackTarget(ctx: IExecuteFunctions, parameterName: string, itemIndex: number, fallback = ''): string {
	const value = ctx.getNodeParameter(parameterName, itemIndex, fallback, { extractValue: true }) as unknown;
	return slackTargetText(value);
}

/** A resource locator value (`{ __rl, mode, value }`), or a plain value, as the target text. */
export function slackTargetText(value: unknown): string {
	if (value !== null && typeof value === 'object' && 'value' in value) return slackTargetText((value as { value: unknown }).value);
	if (value === undefined || value === null) return '';
	return String(value).trim();
}
