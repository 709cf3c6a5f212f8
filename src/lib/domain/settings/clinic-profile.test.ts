import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../booking/contact-details';
import { clinicProfileForm } from './clinic-profile';

const valid = {
	name: 'Harbor Lantern Acupuncture',
	tagline: 'Acupuncture in Milwaukee, with honest advice first.',
	phone: '(414) 555-0142',
	email: ' hello@harborlantern.example ',
	description: 'A small independent acupuncture clinic in Milwaukee.'
};

describe('clinicProfileForm', () => {
	it('stores the phone number in dialling form and trims the email', () => {
		const parsed = clinicProfileForm.parse(valid);
		expect(parsed.phone).toBe('+1-414-555-0142');
		expect(parsed.email).toBe('hello@harborlantern.example');
	});

	it('names each wrong field', () => {
		const result = clinicProfileForm.safeParse({
			...valid,
			name: ' ',
			phone: '555-0142',
			email: 'hello at example',
			description: 'Short.'
		});
		expect(result.success).toBe(false);
		if (result.success) return;
		expect(Object.keys(fieldErrors(result.error)).sort()).toEqual([
			'description',
			'email',
			'name',
			'phone'
		]);
		expect(fieldErrors(result.error).phone).toMatch(/\(414\) 555-0142/);
	});
});
