import pg from 'pg';

export const defaultPostgresUrl = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Answers whether PostgreSQL takes connections at `url`, and if not, why not, in one line.
 * @param {string | undefined} url
 * @returns {Promise<{ ok: true, url: string } | { ok: false, url: string, reason: string }>}
 */
export async function probePostgres(url = defaultPostgresUrl) {
	const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
	try {
		await client.connect();
		await client.query('select 1');
		return { ok: true, url };
	} catch (error) {
		return {
			ok: false,
			url,
			reason: `PostgreSQL is not reachable at ${url.replace(/:[^:@/]*@/, ':***@')} (${error.message})`
		};
	} finally {
		await client.end().catch(() => {});
	}
}
