import { describe, expect, it } from 'vitest';
import { formBodyRefusal, formBodyRefusalResponse } from './form-body';

const post = (contentType: string | null, body: BodyInit) =>
	new Request('https://clinic.example/book?/review', {
		method: 'POST',
		headers: contentType ? { 'content-type': contentType } : {},
		body
	});

describe('formBodyRefusal', () => {
	it('lets readable forms and non-form bodies through, and leaves the body for the action', async () => {
		const form = post('application/x-www-form-urlencoded', 'name=Ann&note=%00');
		expect(await formBodyRefusal(form)).toBeNull();
		expect((await form.formData()).get('name')).toBe('Ann');
		const multipart = new FormData();
		multipart.append('name', 'Ann');
		expect(await formBodyRefusal(post(null, multipart))).toBeNull();
		expect(await formBodyRefusal(post('application/json', '{"a":1}'))).toBeNull();
		expect(await formBodyRefusal(new Request('https://clinic.example/'))).toBeNull();
	});

	it('refuses text/plain with 415 and a body that is not a form with 400', async () => {
		expect((await formBodyRefusal(post('text/plain', 'a=1')))?.status).toBe(415);
		expect((await formBodyRefusal(post('multipart/form-data', 'a=1')))?.status).toBe(400);
		expect(
			(await formBodyRefusal(post('multipart/form-data; boundary=XYZ', '--XYZ\r\nbroken')))?.status
		).toBe(400);
	});

	it('answers in JSON to clients that ask for it', async () => {
		const refusal = { status: 400 as const, message: 'The form could not be read.' };
		const json = formBodyRefusalResponse(refusal, 'application/json');
		expect(json.status).toBe(400);
		expect(await json.json()).toEqual({ type: 'error', error: { message: refusal.message } });
		expect(await formBodyRefusalResponse(refusal, 'text/html').text()).toBe(refusal.message);
	});
});
