import { describe, expect, it } from 'vitest';
import {
	anonymousDisplayName,
	disclosureText,
	displayName,
	parsePublicationChoice,
	shownDisclosure
} from './publication-choice';

describe('displayName', () => {
	it('shows the first name and the last initial', () => {
		expect(displayName('first_name_last_initial', 'Maria Lopez Garcia')).toBe('Maria G.');
	});

	it('shows initials of the first and last names only', () => {
		expect(displayName('initials', 'Maria Lopez Garcia')).toBe('M. G.');
	});

	it('shows no name when anonymous', () => {
		expect(displayName('anonymous', 'Maria Lopez Garcia')).toBe(anonymousDisplayName);
	});

	it('handles one-word names, extra spaces, apostrophes and accents', () => {
		expect(displayName('first_name_last_initial', '  Cher ')).toBe('Cher');
		expect(displayName('initials', 'Cher')).toBe('C.');
		expect(displayName('first_name_last_initial', "Mary-Jane  O'Neil")).toBe('Mary-Jane O.');
		expect(displayName('initials', 'élodie ñúñez')).toBe('É. Ñ.');
		expect(displayName('first_name_last_initial', "Sam 'Tex' Ray")).toBe('Sam R.');
	});

	it('falls back to anonymous for a blank name', () => {
		expect(displayName('initials', '   ')).toBe(anonymousDisplayName);
	});
});

describe('disclosureText', () => {
	it('says nothing when there is no connection', () => {
		expect(disclosureText({ kind: 'none' })).toBeNull();
	});

	it('discloses staff, family of staff and other connections', () => {
		expect(disclosureText({ kind: 'staff' })).toMatch(/member of our staff/);
		expect(disclosureText({ kind: 'staff_family' })).toMatch(/family member/);
		expect(disclosureText({ kind: 'other', text: 'I rent the room next door' })).toBe(
			'Connection to the clinic: I rent the room next door'
		);
	});
});

describe('parsePublicationChoice', () => {
	it('reads the naming and the connection', () => {
		expect(parsePublicationChoice({ naming: 'initials', connection: 'staff_family' })).toEqual({
			ok: true,
			data: { naming: 'initials', disclosure: { kind: 'staff_family' } }
		});
	});

	it('needs a description for another connection', () => {
		const result = parsePublicationChoice({ naming: 'anonymous', connection: 'other' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors['connection-description']).toMatch(/describe/);
		expect(
			parsePublicationChoice({
				naming: 'anonymous',
				connection: 'other',
				'connection-description': ' my  cousin is the receptionist '
			})
		).toEqual({
			ok: true,
			data: {
				naming: 'anonymous',
				disclosure: { kind: 'other', text: 'my cousin is the receptionist' }
			}
		});
	});

	it('requires both choices, with a message for each', () => {
		const result = parsePublicationChoice({ naming: 'full_name' });
		expect(result.ok).toBe(false);
		if (!result.ok) expect(Object.keys(result.errors).sort()).toEqual(['connection', 'naming']);
	});
});

describe('shownDisclosure', () => {
	it('shows what the patient declared when staff add nothing', () => {
		expect(shownDisclosure({ kind: 'staff_family' }, null)).toBe(
			'Written by a family member of one of our staff.'
		);
		expect(shownDisclosure({ kind: 'none' }, null)).toBeNull();
	});

	it('shows a connection staff know of though the patient declared none', () => {
		expect(shownDisclosure({ kind: 'none' }, { kind: 'staff' })).toBe(
			'Written by a member of our staff.'
		);
	});

	it('never lets staff take away a connection the patient declared', () => {
		expect(
			shownDisclosure({ kind: 'other', text: 'I rent the flat upstairs' }, { kind: 'none' })
		).toBe('Connection to the clinic: I rent the flat upstairs');
	});
});
