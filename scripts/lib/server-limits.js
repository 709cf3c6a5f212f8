// How long the server waits for a slow client, and how many connections it holds at once
// (ADR 0032): a client that trickles its request (slowloris) is cut off, and no number of them
// can make the process run out of sockets and memory while others wait.

/** Each limit: the environment variable, its default and its allowed range. */
const limits = {
	headersTimeoutMs: { variable: 'HEADERS_TIMEOUT', seconds: 10, min: 1, max: 600 },
	requestTimeoutMs: { variable: 'REQUEST_TIMEOUT', seconds: 30, min: 1, max: 3600 },
	keepAliveTimeoutMs: { variable: 'KEEP_ALIVE_TIMEOUT', seconds: 5, min: 1, max: 600 }
};

/**
 * Reads the limits from the environment (empty counts as unset). Throws one line naming the
 * variable when a value is not a whole number in range, like the application's own config.
 * @param {Record<string, string | undefined>} env
 */
export function serverLimits(env) {
	/** @type {Record<string, number>} */
	const result = {};
	for (const [key, { variable, seconds, min, max }] of Object.entries(limits)) {
		result[key] = wholeNumber(env, variable, seconds, min, max) * 1000;
	}
	const maxConnections = wholeNumber(env, 'MAX_CONNECTIONS', 500, 1, 100000);
	if (result.headersTimeoutMs > result.requestTimeoutMs) {
		throw new Error('HEADERS_TIMEOUT must not be longer than REQUEST_TIMEOUT');
	}
	return {
		headersTimeoutMs: result.headersTimeoutMs,
		requestTimeoutMs: result.requestTimeoutMs,
		keepAliveTimeoutMs: result.keepAliveTimeoutMs,
		maxConnections,
		// Node checks the two timeouts only this often (30 s by default): once a second keeps
		// a slow client from holding its socket far past the limit.
		connectionsCheckingIntervalMs: 1000
	};
}

/**
 * @param {Record<string, string | undefined>} env
 * @param {string} variable
 * @param {number} fallback
 * @param {number} min
 * @param {number} max
 */
function wholeNumber(env, variable, fallback, min, max) {
	const raw = env[variable]?.trim();
	if (!raw) return fallback;
	const value = Number(raw);
	if (!/^\d+$/.test(raw) || value < min || value > max) {
		throw new Error(`${variable} must be a whole number from ${min} to ${max} (got "${raw}")`);
	}
	return value;
}
