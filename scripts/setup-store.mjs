// Sets up a running n8n for the SLA templates, the same way for `npm start` and the end-to-end tests:
// the owner account (first run only), an n8n API key for the SLA Store credential, and the store's
// Data Tables with their seed configuration (by calling the published "SLA Setup" template).
// Usage: node scripts/setup-store.mjs setup <base url> <user folder>
//        node scripts/setup-store.mjs credentials <base url> <user folder> <slack api url> <slack token> [helpdesk token] [smtp port]
// (also importable: setUpStore(), credentialsToImport()). SLA_WEBHOOK_BASE_URL: where the webhooks are served
// when that is not <base url> (queue mode's webhook processor).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const STORE_CREDENTIAL_ID = 'slaStoreCred0001';
export const INTAKE_CREDENTIAL_ID = 'slaIntakeAuth001';
export const INTAKE_HEADER = 'X-SLA-Token';
export const SLACK_CREDENTIAL_ID = 'slaSlackCred0001';
export const HELPDESK_CREDENTIAL_ID = 'slaHelpdeskAuth1';
export const AUDIT_CREDENTIAL_ID = 'slaAuditKeyDemo1';
export const SMTP_CREDENTIAL_ID = 'slaSmtpCred00001';
export const DASHBOARD_CREDENTIAL_ID = 'slaDashboardLgn1';
export const DASHBOARD_USER = 'sla-dashboard';
const API_KEY_SCOPES = [
	'dataTable:create', 'dataTable:read', 'dataTable:update', 'dataTable:delete', 'dataTable:list',
	'dataTableRow:create', 'dataTableRow:read', 'dataTableRow:update', 'dataTableRow:upsert', 'dataTableRow:delete',
	'execution:read', 'execution:list',
];

/** The local secrets of one n8n user folder: owner login and intake token, made once and kept there. */
export function localSecrets(userFolder) {
	const file = join(userFolder, 'sla-local-secrets.json');
	if (existsSync(file)) {
		const kept = JSON.parse(readFileSync(file, 'utf8'));
		// The dashboard login came later than the other secrets: a folder of an earlier version gets one now.
		if (!kept.dashboardPassword) saveSecrets(userFolder, { ...kept, dashboardPassword: process.env.SLA_DASHBOARD_PASSWORD ?? randomBytes(18).toString('base64url') });
		return JSON.parse(readFileSync(file, 'utf8'));
	}
	const secrets = {
		owner: { email: process.env.SLA_OWNER_EMAIL ?? 'owner@sla.local', password: process.env.SLA_OWNER_PASSWORD ?? `Sla-${randomBytes(9).toString('base64url')}1`, firstName: 'SLA', lastName: 'Owner' },
		intakeToken: process.env.SLA_INTAKE_TOKEN ?? randomBytes(24).toString('base64url'),
		auditSecret: randomBytes(32).toString('base64url'),
		helpdeskToken: randomBytes(18).toString('base64url'),
		dashboardPassword: process.env.SLA_DASHBOARD_PASSWORD ?? randomBytes(18).toString('base64url'),
	};
	saveSecrets(userFolder, secrets);
	return secrets;
}

function saveSecrets(userFolder, secrets) {
	writeFileSync(join(userFolder, 'sla-local-secrets.json'), JSON.stringify(secrets, null, 2), { mode: 0o600 });
}

/**
 * Credentials with the fixed ids the templates name, for `n8n import:credentials` before n8n starts
 * (the store's API key is filled in by setUpStore once n8n runs). Slack and the helpdesk point at the
 * given URLs: real ones, or the local stand-ins `npm start` runs when none are configured.
 */
export function credentialsToImport(userFolder, { baseUrl, slackApiUrl, slackToken, helpdeskToken, smtp = { host: '127.0.0.1', port: 5683 } }) {
	const secrets = localSecrets(userFolder);
	return [
		{ id: STORE_CREDENTIAL_ID, name: 'SLA Store (n8n API)', type: 'slaStoreApi', data: { baseUrl, apiKey: 'set-by-setup-store' } },
		{ id: INTAKE_CREDENTIAL_ID, name: 'SLA Intake Token', type: 'httpHeaderAuth', data: { name: INTAKE_HEADER, value: secrets.intakeToken } },
		{ id: SLACK_CREDENTIAL_ID, name: 'SLA Slack', type: 'slaSlackApi', data: { accessToken: slackToken, slackApiUrl } },
		{ id: HELPDESK_CREDENTIAL_ID, name: 'SLA Helpdesk Token', type: 'httpHeaderAuth', data: { name: 'Authorization', value: `Bearer ${helpdeskToken ?? secrets.helpdeskToken}` } },
		{ id: AUDIT_CREDENTIAL_ID, name: 'SLA Audit Key', type: 'slaAuditKeyApi', data: { secret: secrets.auditSecret, version: 'v1', previousSecrets: '' } },
		{ id: DASHBOARD_CREDENTIAL_ID, name: 'SLA Dashboard Login', type: 'httpBasicAuth', data: { user: DASHBOARD_USER, password: secrets.dashboardPassword } },
		{ id: SMTP_CREDENTIAL_ID, name: 'SLA SMTP', type: 'smtp', data: { host: smtp.host, port: Number(smtp.port), secure: false, disableStartTls: true, user: smtp.user ?? '', password: smtp.password ?? '' } },
	];
}

async function session(baseUrl, owner) {
	let response = await fetch(`${baseUrl}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
	if (response.status !== 200) {
		response = await fetch(`${baseUrl}/rest/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }) });
	}
	if (response.status !== 200) throw new Error(`could not log in to n8n as ${owner.email} (${response.status}): set SLA_OWNER_EMAIL and SLA_OWNER_PASSWORD to the owner account`);
	const cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
	return async (method, path, body) => {
		const answer = await fetch(`${baseUrl}/rest${path}`, { method, headers: { 'content-type': 'application/json', cookie, 'browser-id': 'sla-setup' }, body: body === undefined ? undefined : JSON.stringify(body) });
		const text = await answer.text();
		if (!answer.ok) throw new Error(`n8n REST ${method} ${path} → ${answer.status}: ${text}`);
		return text ? JSON.parse(text).data : undefined;
	};
}

function storeBaseUrl(credential, fallback) {
	const url = credential.data?.baseUrl;
	return typeof url === 'string' && url.startsWith('http') ? url : fallback;
}

/**
 * Owner, the workflows in `options.publish` published, API key into the store credential, then the
 * tables (idempotent: a second run changes nothing).
 */
export async function setUpStore(baseUrl, userFolder, options = {}) {
	const secrets = localSecrets(userFolder);
	const owner = options.owner ?? secrets.owner;
	const rest = await session(baseUrl, owner);
	// n8n never shows a stored password field again: the key is kept in the local secrets file and put
	// into the credential on every run, so a re-import of the credentials cannot leave the store locked out.
	if (!secrets.storeApiKey) {
		const key = await rest('POST', '/api-keys', { label: `SLA Store ${new Date().toISOString()}`, expiresAt: null, scopes: API_KEY_SCOPES });
		secrets.storeApiKey = key.rawApiKey;
		saveSecrets(userFolder, secrets);
	}
	for (const id of options.publish ?? []) {
		const workflow = await rest('GET', `/workflows/${id}`);
		if (!workflow.active) await rest('POST', `/workflows/${id}/activate`, { versionId: workflow.versionId });
	}
	const credential = await rest('GET', `/credentials/${STORE_CREDENTIAL_ID}?includeData=true`);
	await rest('PATCH', `/credentials/${STORE_CREDENTIAL_ID}`, { name: credential.name, type: 'slaStoreApi', data: { baseUrl: storeBaseUrl(credential, baseUrl), apiKey: secrets.storeApiKey } });
	// In queue mode the webhooks are served by the webhook processor, not by the main process.
	const webhookBase = (options.webhookBaseUrl ?? baseUrl).replace(/\/+$/, '');
	const runtime = { webhookBaseUrl: `${webhookBase}/`, ...(options.runtime ?? {}) };
	const response = await fetch(`${webhookBase}/webhook/sla-setup`, { method: 'POST', headers: { [INTAKE_HEADER]: secrets.intakeToken, 'content-type': 'application/json' }, body: JSON.stringify({ runtime }) });
	const text = await response.text();
	if (response.status !== 200 || text === '') throw new Error(`the SLA Setup workflow answered ${response.status} ${text || '(empty: the workflow failed, see its executions)'}`);
	return { owner, intakeToken: secrets.intakeToken, tables: JSON.parse(text), rest };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	const [command, baseUrl, userFolder, ...rest] = process.argv.slice(2);
	if (command === 'credentials') {
		const [slackApiUrl, slackToken, helpdeskToken, smtpPort] = rest;
		const smtp = process.env.SLA_SMTP_HOST
			? { host: process.env.SLA_SMTP_HOST, port: process.env.SLA_SMTP_PORT ?? 587, user: process.env.SLA_SMTP_USER, password: process.env.SLA_SMTP_PASSWORD }
			: { host: '127.0.0.1', port: smtpPort || 5683 };
		console.log(JSON.stringify(credentialsToImport(userFolder, { baseUrl, slackApiUrl, slackToken, helpdeskToken: helpdeskToken || undefined, smtp }), null, 2));
		process.exit(0);
	}
	const runtime = process.env.SLA_HELPDESK_URL ? { helpdeskBaseUrl: process.env.SLA_HELPDESK_URL } : {};
	const publish = (process.env.SLA_PUBLISH ?? '').split(',').filter(Boolean);
	setUpStore(baseUrl, userFolder, { runtime, publish, webhookBaseUrl: process.env.SLA_WEBHOOK_BASE_URL || undefined }).then(
		({ owner, intakeToken, tables }) => {
			const created = (tables.tables ?? []).filter((table) => table.created).map((table) => table.table);
			console.log(`store ready: ${created.length ? `created ${created.join(', ')}` : 'tables already there'}`);
			console.log(`log in at ${baseUrl} as ${owner.email} / ${owner.password}`);
			console.log(`send ticket events with the header ${INTAKE_HEADER}: ${intakeToken}`);
			const { dashboardPassword } = localSecrets(userFolder);
			console.log(`SLA dashboard: ${(process.env.SLA_WEBHOOK_BASE_URL || baseUrl).replace(/\/+$/, '')}/webhook/sla-dashboard (log in as ${DASHBOARD_USER} / ${dashboardPassword})`);
		},
		(error) => {
			console.error(`setup failed: ${error.message}`);
			process.exit(1);
		},
	);
}
