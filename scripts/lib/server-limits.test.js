import { describe, expect, it } from 'vitest';
import { serverLimits } from './server-limits.js';

describe('serverLimits', () => {
	it('has defaults that cut off a slow client within seconds', () => {
		expect(serverLimits({})).toEqual({
			headersTimeoutMs: 10_000,
			requestTimeoutMs: 30_000,
			keepAliveTimeoutMs: 5_000,
			maxConnections: 500,
			connectionsCheckingIntervalMs: 1000
		});
	});

	it('reads each variable in seconds, empty meaning unset', () => {
		expect(
			serverLimits({
				HEADERS_TIMEOUT: '2',
				REQUEST_TIMEOUT: '4',
				KEEP_ALIVE_TIMEOUT: ' 3 ',
				MAX_CONNECTIONS: '20'
			})
		).toMatchObject({
			headersTimeoutMs: 2000,
			requestTimeoutMs: 4000,
			keepAliveTimeoutMs: 3000,
			maxConnections: 20
		});
		expect(serverLimits({ MAX_CONNECTIONS: '' }).maxConnections).toBe(500);
	});

	it('names the variable when a value is wrong', () => {
		expect(() => serverLimits({ REQUEST_TIMEOUT: 'soon' })).toThrow(
			'REQUEST_TIMEOUT must be a whole number from 1 to 3600 (got "soon")'
		);
		expect(() => serverLimits({ MAX_CONNECTIONS: '0' })).toThrow(/MAX_CONNECTIONS/);
		expect(() => serverLimits({ HEADERS_TIMEOUT: '1.5' })).toThrow(/HEADERS_TIMEOUT/);
		expect(() => serverLimits({ HEADERS_TIMEOUT: '40', REQUEST_TIMEOUT: '30' })).toThrow(
			'HEADERS_TIMEOUT must not be longer than REQUEST_TIMEOUT'
		);
	});
});
