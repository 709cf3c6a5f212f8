import { describe, expect, it } from 'vitest';
import { apiBodyRefusal } from './api-body.js';

describe('apiBodyRefusal', () => {
	it('takes JSON bodies only under /api/', () => {
		expect(apiBodyRefusal('POST', '/api/v1/bookings', 'application/json')).toBeNull();
		expect(
			apiBodyRefusal('POST', '/api/v1/bookings', 'application/json; charset=utf-8')
		).toBeNull();
		for (const type of [
			'text/plain',
			'application/x-www-form-urlencoded',
			'multipart/form-data; boundary=x'
		]) {
			expect(apiBodyRefusal('POST', '/api/v1/bookings', type)?.status).toBe(415);
		}
	});

	it('leaves pages, reads and body-less requests alone', () => {
		expect(apiBodyRefusal('POST', '/book', 'text/plain')).toBeNull();
		expect(apiBodyRefusal('GET', '/api/v1/services', 'text/plain')).toBeNull();
		expect(apiBodyRefusal('OPTIONS', '/api/v1/bookings', 'text/plain')).toBeNull();
		expect(apiBodyRefusal('DELETE', '/api/v1/bookings', undefined)).toBeNull();
	});
});
