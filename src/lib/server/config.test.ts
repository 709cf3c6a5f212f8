import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
	it('uses the documented defaults for an empty environment', () => {
		const config = loadConfig({});
		expect(config.port).toBe(3000);
		expect(config.host).toBe('0.0.0.0');
		expect(config.origin.href).toBe('http://localhost:3000/');
		expect(config.dataDir).toBe('./data');
		expect(config.databaseUrl).toBeNull();
		expect(config.smtpUrl).toBeNull();
		expect(config.clinicDemo).toBe(true);
		expect(config.bookingRateLimit).toEqual({ limit: 10, windowSeconds: 600 });
		expect(config.formRateLimit).toEqual({ limit: 60, windowSeconds: 600 });
	});

	it('reads the public form rate limit as COUNT/SECONDS', () => {
		expect(loadConfig({ FORM_RATE_LIMIT: '5/3600' }).formRateLimit).toEqual({
			limit: 5,
			windowSeconds: 3600
		});
	});

	it('reads a booking rate limit as COUNT/SECONDS', () => {
		expect(loadConfig({ BOOKING_RATE_LIMIT: '500/60' }).bookingRateLimit).toEqual({
			limit: 500,
			windowSeconds: 60
		});
	});

	it('derives the default origin from the port', () => {
		expect(loadConfig({ PORT: '4100' }).origin.href).toBe('http://localhost:4100/');
	});

	it('treats an empty string as unset', () => {
		expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeNull();
	});

	it('accepts a postgres URL and CLINIC_DEMO=off', () => {
		const config = loadConfig({ DATABASE_URL: 'postgres://u@127.0.0.1/db', CLINIC_DEMO: 'off' });
		expect(config.databaseUrl).toBe('postgres://u@127.0.0.1/db');
		expect(config.clinicDemo).toBe(false);
	});

	it.each([
		['PORT', 'abc', /^PORT must be a whole number/],
		['PORT', '70000', /^PORT must be a whole number/],
		['ORIGIN', 'not a url', /^ORIGIN must be a URL/],
		['ORIGIN', 'localhost:3000', /^ORIGIN must start with http/],
		['ORIGIN', 'ftp://clinic.example', /^ORIGIN must start with http/],
		['ORIGIN', 'https://clinic.example/app', /^ORIGIN must not have a path/],
		['DATABASE_URL', 'mysql://x', /^DATABASE_URL must be a postgres:\/\/ URL/],
		['SMTP_URL', 'http://mail', /^SMTP_URL must be an smtp:\/\//],
		['CLINIC_DEMO', 'yes', /^CLINIC_DEMO must be "on" or "off"/],
		['BOOKING_RATE_LIMIT', 'lots', /^BOOKING_RATE_LIMIT must be COUNT\/SECONDS/],
		['FORM_RATE_LIMIT', '60 per 10 minutes', /^FORM_RATE_LIMIT must be COUNT\/SECONDS/]
	])('refuses %s=%s with one line naming the variable', (name, value, message) => {
		expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
		try {
			loadConfig({ [name]: value });
		} catch (error) {
			expect((error as Error).message).toMatch(message);
			expect((error as Error).message).not.toContain('\n');
		}
	});
});
