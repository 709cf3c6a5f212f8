/**
 * Whether an error means the database cannot be reached right now (refused, timed out,
 * shutting down, not accepting connections), as opposed to a bug or bad data. Such errors
 * become a friendly 503 that says to try again shortly. Errors that wrap one (a library's
 * own error with the database's as its `cause`, as better-auth throws) count too.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
	for (let current = error, depth = 0; current && depth < 5; depth++) {
		if (isUnavailableItself(current)) return true;
		current = (current as { cause?: unknown }).cause;
	}
	return false;
}

function isUnavailableItself(error: unknown): boolean {
	const code = (error as { code?: string } | null)?.code ?? '';
	const message = error instanceof Error ? error.message : '';
	return (
		['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'SQLITE_BUSY', 'SQLITE_CANTOPEN'].includes(
			code
		) ||
		// PostgreSQL: admin shutdown, cannot connect now, database does not allow connections,
		// too many connections.
		['57P01', '57P02', '57P03', '55000', '53300'].includes(code) ||
		/connection terminated|timeout exceeded when trying to connect|does not allow connections|driver has already been destroyed/i.test(
			message
		)
	);
}
