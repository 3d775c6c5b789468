import { DEFAULT_PLAYBOOK, PlaybookError, compilePlaybook, planCorrectiveActions, readCustomerRequirements } from '../../../engine/breach/playbook';
import { at } from './breach-fixtures';

const plan = (overrides: Partial<Parameters<typeof planCorrectiveActions>[0]> = {}) =>
	planCorrectiveActions({ playbook: DEFAULT_PLAYBOOK, issueType: 'billing', severity: 'major', assignee: 'Ana Lopez', timezone: 'Europe/Berlin', ...overrides }, at(170));

describe('Correct: the corrective action plan', () => {
	it('takes the actions of every playbook entry that fits the issue type and severity, the most specific first', () => {
		const result = plan();
		expect(result.entries).toEqual(['billing/*', '*/major', '*/*']);
		expect(result.actions.map((action) => [action.id, action.owner, action.kind])).toEqual([
			['A1', 'Billing specialist', 'corrective'],
			['A2', 'Team lead', 'corrective'],
			['A3', 'Team lead', 'preventive'],
			['A4', 'Ana Lopez', 'corrective'],
			['A5', 'Ana Lopez', 'corrective'],
			['A6', 'Team lead', 'preventive'],
		]);
		expect(result.actions[0]).toMatchObject({ status: 'open', doneAt: null, source: 'playbook' });
		expect(Date.parse(result.actions[0].dueAt) - at(170)).toBe(4 * 3_600_000);
		expect(result.createdAt).toBe('2026-03-10T11:50:00.000+01:00');
	});

	it('adds the critical measures for a critical breach, each action once', () => {
		const result = plan({ severity: 'critical', issueType: 'shipping' });
		expect(result.entries).toEqual(['*/critical', '*/*']);
		expect(result.actions[0]).toMatchObject({ action: 'Appoint an incident manager and open an incident channel', owner: 'Support manager' });
		expect(Date.parse(result.actions[0].dueAt) - at(170)).toBe(15 * 60_000);
		const texts = result.actions.map((action) => action.action);
		expect(new Set(texts).size).toBe(texts.length);
	});

	it('puts the customer’s contract requirements into the plan, first', () => {
		const requirements = readCustomerRequirements([
			'Root-cause report within 5 business days',
			{ requirement: 'Phone call from the account manager', owner: 'Sam Rivera', dueInMinutes: 60 },
		]);
		const result = plan({ requirements });
		expect(result.customerRequirements).toEqual(['Root-cause report within 5 business days', 'Phone call from the account manager']);
		expect(result.actions.slice(0, 2).map((action) => [action.action, action.owner, action.source])).toEqual([
			["Meet the customer's requirement: Root-cause report within 5 business days", 'Account manager', 'customer'],
			["Meet the customer's requirement: Phone call from the account manager", 'Sam Rivera', 'customer'],
		]);
		expect(Date.parse(result.actions[1].dueAt) - at(170)).toBe(3_600_000);
	});

	it('reads requirements given as one text, one per line', () => {
		expect(readCustomerRequirements('Call within 1 hour\nWritten RCA').map((entry) => entry.requirement)).toEqual(['Call within 1 hour', 'Written RCA']);
		expect(readCustomerRequirements(undefined)).toEqual([]);
		expect(() => readCustomerRequirements([{ owner: 'x' }])).toThrow('Customer Requirements[0].requirement: must say what the customer requires');
	});

	it('uses the builder’s playbook and names a mistake in it', () => {
		const playbook = compilePlaybook([{ issueType: 'Technical Issue', severity: 'minor', actions: ['Restart the sync job', { action: 'Tell QA', owner: 'QA lead', dueInMinutes: 10, kind: 'preventive' }] }]);
		const result = plan({ playbook, issueType: 'technical_issue', severity: 'minor', assignee: null });
		expect(result.actions.map((action) => [action.action, action.owner, action.kind])).toEqual([
			['Restart the sync job', 'Assigned agent', 'corrective'],
			['Tell QA', 'QA lead', 'preventive'],
		]);
		expect(plan({ playbook, issueType: 'technical_issue', severity: 'major' }).actions).toEqual([]);
		expect(() => compilePlaybook([{ issueType: '*', severity: 'sev1', actions: ['x'] }])).toThrow('Playbook[0].severity: must be minor, major, critical or *');
		expect(() => compilePlaybook([{ issueType: '*', actions: [{ action: 'x', dueInMinutes: -5 }] }])).toThrow(PlaybookError);
		expect(() => compilePlaybook({})).toThrow('Playbook: must be a list');
	});
});
