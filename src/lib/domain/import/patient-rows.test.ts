import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';
import { guessMapping } from './columns';
import { planPatientImport } from './patient-rows';
import { importTable } from './table';

function plan(csv: string, existing: Parameters<typeof planPatientImport>[2] = []) {
	const { table } = importTable(parseCsv(csv));
	return planPatientImport(table, guessMapping(table.headers, 'patients'), existing);
}

describe('planPatientImport', () => {
	it('creates patients from first and last names, with stored phones and defaults', () => {
		const result = plan(
			'First Name,Last Name,E-mail,Mobile\nAnn,Lee,ann@example.org,(414) 555-0142\nBo,Ng,bo@example.org,\n'
		);
		expect(result.errors).toEqual([]);
		expect(result.create).toEqual([
			{
				row: 2,
				name: 'Ann Lee',
				email: 'ann@example.org',
				phone: '+1-414-555-0142',
				reminderEmail: true,
				preferredContact: 'either',
				mayLeaveVoicemail: false,
				contactNote: null
			},
			expect.objectContaining({ row: 3, name: 'Bo Ng', phone: '' })
		]);
	});

	it('reads preferences and the note', () => {
		const result = plan(
			'name,email,reminder_email,preferred_contact,voicemail,contact_note\nAnn Lee,a@x.org,no,Phone,yes,after 5pm\n'
		);
		expect(result.create[0]).toMatchObject({
			reminderEmail: false,
			preferredContact: 'phone',
			mayLeaveVoicemail: true,
			contactNote: 'after 5pm'
		});
	});

	it('gives one error per bad cell, naming its row and column', () => {
		const result = plan('name,email,phone,reminder_email\n,not-an-email,12,perhaps\nAnn Lee,,,\n');
		expect(result.create).toEqual([]);
		expect(result.errors).toEqual([
			{ row: 2, column: 'name', message: 'The name is missing.' },
			{ row: 2, column: 'email', message: '“not-an-email” is not an email address.' },
			{ row: 2, column: 'phone', message: expect.stringContaining('not a phone number') },
			{ row: 2, column: 'reminder_email', message: 'Write yes or no.' },
			{ row: 3, column: 'email', message: expect.stringContaining('email is missing') }
		]);
	});

	it('skips a patient already in the clinic with the same email and name', () => {
		const result = plan('name,email\n ann  LEE ,ANN@example.org\n', [
			{ id: 7, name: 'Ann Lee', email: 'ann@example.org', phone: '' }
		]);
		expect(result.create).toEqual([]);
		expect(result.duplicates).toEqual([
			{ row: 2, outcome: 'skip', message: expect.stringContaining('Already in the clinic') }
		]);
	});

	it('refuses a row that repeats an earlier row of the file', () => {
		const result = plan('name,email\nAnn Lee,a@x.org\nann lee,A@x.org\n');
		expect(result.create).toHaveLength(1);
		expect(result.errors).toEqual([
			{ row: 3, column: null, message: expect.stringContaining('Repeats row 2') }
		]);
	});

	it('imports a patient who shares a phone, listing it as a possible duplicate', () => {
		const result = plan(
			'name,email,phone\nAnn Lee,a@x.org,414-555-0142\nBo Lee,b@x.org,+1 414 555 0142\nCy Ng,c@x.org,(262) 555-0100\n',
			[{ id: 3, name: 'Dee Ng', email: 'd@x.org', phone: '262.555.0100' }]
		);
		expect(result.create).toHaveLength(3);
		expect(result.duplicates).toEqual([
			{ row: 3, outcome: 'warn', message: expect.stringContaining('Same phone as row 2') },
			{
				row: 4,
				outcome: 'warn',
				message: expect.stringContaining('a patient already in the clinic')
			}
		]);
	});
});
