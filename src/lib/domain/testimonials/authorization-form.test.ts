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
				signature: { typedName: 'Ann Lee', agreed: true }
			}
		});
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
});
