import { describe, expect, it } from 'vitest';
import { parseAuthorizationForm } from './authorization-form';

const filled = {
	naming: 'first_name_last_initial',
	connection: 'none',
	'connection-description': '',
	'signature-name': 'Ann Lee',
	agree: 'yes'
};

describe('parseAuthorizationForm', () => {
	it('reads the naming, the connection and the signature', () => {
		expect(parseAuthorizationForm(filled, 'Ann Lee')).toEqual({
			ok: true,
			data: {
				choice: { naming: 'first_name_last_initial', disclosure: { kind: 'none' } },
				signature: { typedName: 'Ann Lee', agreed: true },
				representative: null
			}
		});
		expect(parseAuthorizationForm({ ...filled, signer: 'patient' }, 'Ann Lee').ok).toBe(true);
	});

	it('reports every missing answer in one round trip', () => {
		const result = parseAuthorizationForm({}, 'Ann Lee');
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(Object.keys(result.errors).sort()).toEqual([
			'agree',
			'connection',
			'naming',
			'signature-name'
		]);
		expect(result.errors.agree).toMatch(/permission to publish/);
	});

	it('refuses a signature that is not the patient’s name, without repeating the name', () => {
		const result = parseAuthorizationForm({ ...filled, 'signature-name': 'Bob Stone' }, 'Ann Lee');
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.errors['signature-name']).not.toMatch(/Ann/);
	});

	it('needs a description for another connection', () => {
		const result = parseAuthorizationForm({ ...filled, connection: 'other' }, 'Ann Lee');
		expect(result).toEqual({
			ok: false,
			errors: { 'connection-description': 'Please describe your connection to the clinic.' }
		});
	});

	describe('signed by a personal representative', () => {
		const representative = {
			...filled,
			signer: 'representative',
			'signature-name': 'Mary Lee',
			'representative-authority': 'Parent of Ann, who is 15'
		};

		it('keeps the representative’s own name and their authority', () => {
			expect(parseAuthorizationForm(representative, 'Ann Lee')).toEqual({
				ok: true,
				data: {
					choice: { naming: 'first_name_last_initial', disclosure: { kind: 'none' } },
					signature: { typedName: 'Mary Lee', agreed: true },
					representative: { authority: 'Parent of Ann, who is 15' }
				}
			});
		});

		it('needs the authority (45 CFR 164.508(c)(1)(vi)), with examples of what to write', () => {
			for (const authority of [undefined, '', '   ']) {
				const result = parseAuthorizationForm(
					{ ...representative, 'representative-authority': authority },
					'Ann Lee'
				);
				expect(result).toEqual({
					ok: false,
					errors: {
						'representative-authority': expect.stringMatching(
							/authority to sign for the patient, for example parent .* legal guardian, or power of attorney/
						)
					}
				});
			}
		});

		it('signs with their own name, not the patient’s', () => {
			const result = parseAuthorizationForm(
				{ ...representative, 'signature-name': 'ann  lee' },
				'Ann Lee'
			);
			expect(result.ok).toBe(false);
			if (!result.ok) expect(result.errors['signature-name']).toMatch(/patient’s name/);
		});

		it('refuses an authority given by someone signing as the patient, and an unknown signer', () => {
			const asPatient = parseAuthorizationForm(
				{ ...filled, signer: 'patient', 'representative-authority': 'Legal guardian' },
				'Ann Lee'
			);
			expect(asPatient.ok).toBe(false);
			if (!asPatient.ok) {
				expect(Object.keys(asPatient.errors)).toEqual(['representative-authority']);
			}
			const unknown = parseAuthorizationForm({ ...filled, signer: 'friend' }, 'Ann Lee');
			expect(unknown).toEqual({ ok: false, errors: { signer: expect.any(String) } });
		});
	});
});
