import { describe, expect, it } from 'vitest';
import { clientAddressOf } from './client-address';

const missingHeader = () => {
	throw new Error(
		'Address header was specified with ADDRESS_HEADER=x-forwarded-for but is absent from request'
	);
};

describe('clientAddressOf', () => {
	it('gives the address adapter-node worked out, from the proxy header or the connection', () => {
		const platform = { req: { socket: { remoteAddress: '10.0.0.2' } } };
		expect(clientAddressOf(() => '203.0.113.7', platform)()).toBe('203.0.113.7');
	});

	it('gives the connection address when the configured proxy header is missing', () => {
		const platform = { req: { socket: { remoteAddress: '127.0.0.1' } } };
		expect(clientAddressOf(missingHeader, platform)()).toBe('127.0.0.1');
	});

	it('says "unknown" rather than throwing when there is no connection to ask', () => {
		expect(clientAddressOf(missingHeader, undefined)()).toBe('unknown');
		expect(clientAddressOf(missingHeader, { req: {} })()).toBe('unknown');
	});
});
