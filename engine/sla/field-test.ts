import { factText, isRecord, parseList, PolicyError } from './policy-fields';

/**
 * A test on one ticket field, written `{ "vendorTicket": true }` (the field has a value) or
 * `{ "waitingOn": ["vendor", "partner"] }` (its value is one of these, without case). Field names are
 * paths into the ticket: `type`, `customer.region`, `custom.vendor_ticket`.
 */
export interface FieldTest {
	readonly field: string;
	/** Lower-cased values; null: any value that is not empty. */
	readonly values: ReadonlySet<string> | null;
}

const PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

/** `{ field: true | [values] }` as field tests; PolicyError naming `path.field` for a bad entry. */
export function parseFieldTests(value: unknown, path: string): FieldTest[] {
	if (!isRecord(value)) throw new PolicyError(path, 'must be an object of field names, each true (has a value) or a list of values');
	return Object.entries(value).map(([field, wanted]) => {
		if (!PATH.test(field)) throw new PolicyError(`${path}.${field}`, 'is not a field path (letters, digits and _ separated by dots, like custom.vendor_ticket)');
		if (wanted === true) return { field, values: null };
		const values = parseList(wanted, `${path}.${field}`).map((entry) => entry.toLowerCase());
		if (values.length === 0) throw new PolicyError(`${path}.${field}`, 'must be true (has a value) or a non-empty list of values');
		return { field, values: new Set(values) };
	});
}

/** Whether a field value passes the test; a list value passes when one of its entries does. */
export function fieldHolds(test: FieldTest, value: unknown): boolean {
	if (Array.isArray(value)) return value.some((entry) => fieldHolds(test, entry));
	const text = factText(value);
	if (text === undefined) return false;
	return test.values === null || test.values.has(text.toLowerCase());
}

/** The value at a dotted path of a record; undefined where the path ends early. */
export function valueAt(record: unknown, path: string): unknown {
	let value = record;
	for (const key of path.split('.')) {
		if (!isRecord(value)) return undefined;
		value = value[key];
	}
	return value;
}

export function describeFieldTest(test: FieldTest): string {
	return test.values === null ? `${test.field} set` : `${test.field} ${[...test.values].join('|')}`;
}
