import { readIntakeEvent } from '../../engine/intake';
import { malformedBodies } from './malformed-events';

describe('malformedBodies', () => {
	const bodies = malformedBodies(1000, 7, 200_000);

	it('makes the same thousand bodies from the same seed, mostly field errors and some broken JSON', () => {
		expect(malformedBodies(1000, 7, 200_000)).toEqual(bodies);
		expect(bodies).toHaveLength(1000);
		expect(bodies.filter((body) => body.field === undefined).length).toBe(80);
		expect(new Set(bodies.map((body) => body.field)).size).toBeGreaterThan(10);
		expect(bodies.filter((body) => body.mutation.startsWith('nested ')).length).toBe(10);
	});

	it('each JSON body is refused by the intake check naming the field the generator says', () => {
		// A new ticket without createdAt is valid as an event; the store refuses it when it first sees the ticket.
		for (const body of bodies.filter((b) => b.field !== undefined && b.mutation !== 'no ticket.createdAt on a new ticket' && !b.mutation.startsWith('nested '))) {
			let field: string | undefined;
			try {
				readIntakeEvent(body.text, { allowNow: false });
			} catch (error) {
				field = (error as { field?: string }).field;
			}
			expect({ mutation: body.mutation, field }).toEqual({ mutation: body.mutation, field: body.field });
		}
	});

	it('each broken body is not JSON', () => {
		for (const body of bodies.filter((b) => b.field === undefined)) expect(() => JSON.parse(body.text)).toThrow();
	});
});
