import { describe, expect, it } from 'vitest';
import { readFormValues } from './form-values';

function post(body: URLSearchParams | FormData): Request {
	return new Request('https://clinic.example/form', { method: 'POST', body });
}

describe('readFormValues', () => {
	it('keeps every value of a checkbox group and one value of a single field', async () => {
		const body = new URLSearchParams([
			['regions', 'head'],
			['regions', 'neck'],
			['better', 'Walking']
		]);
		expect(await readFormValues(post(body))).toEqual({
			regions: ['head', 'neck'],
			better: 'Walking'
		});
	});

	it('keeps text longer than 500 characters, up to the limit', async () => {
		const long = 'a'.repeat(1500);
		const values = await readFormValues(
			post(new URLSearchParams({ notes: long, huge: 'b'.repeat(5000) }))
		);
		expect(values.notes).toBe(long);
		expect(values.huge).toHaveLength(2000);
	});

	it('ignores files and caps how many values one field may bring', async () => {
		const form = new FormData();
		form.append('upload', new Blob(['x']), 'x.txt');
		for (let index = 0; index < 80; index++) form.append('many', String(index));
		const values = await readFormValues(post(form));
		expect(values.upload).toBeUndefined();
		expect(values.many).toHaveLength(50);
	});
});
