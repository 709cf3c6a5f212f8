// A bounded soak of the public forms that write (issue 12, ADR 0033), against the built server
// on 127.0.0.1, on SQLite and (when reachable) PostgreSQL: one address posts the back pain
// check a few hundred times in a few seconds. What it may leave behind is bounded by
// FORM_RATE_LIMIT: the rows it wrote stay at the limit, every post past it answers 429 with
// Retry-After and the "please wait" page, never a 5xx, and nothing reaches the append-only
// screenings. Then every public form action (read from src/routes, so a new one is covered
// too) is posted past the limit and must answer 429.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redFlagQuestions } from '../../src/lib/domain/intake/red-flags';
import { connect, type DatabaseHandle } from '../../src/lib/server/db/connection';
import { expectNoAxeViolationsInStaticPage } from '../support/axe';
import { launchSharedBrowser, navigate } from '../support/e2e-booking';
import { createAppDatabase, faultsPostgres, type AppDatabase } from '../support/faults';
import { startServer, type RunningServer } from '../support/server';
import { actionPath, discoverFormActions } from './support/form-actions';
import { send, type Answer } from './support/http';

/** Small, so that the soak stays a few hundred requests: the default is 60 per 10 minutes. */
const limit = 10;
const windowSeconds = 600;
const floodPosts = 250;

const postgres = await faultsPostgres();
const targets: { name: string; env: () => Promise<Record<string, string>> }[] = [
	{ name: 'SQLite', env: async () => ({}) }
];
let appDatabase: AppDatabase | undefined;
if ('adminUrl' in postgres) {
	const { adminUrl } = postgres;
	targets.push({
		name: 'PostgreSQL',
		env: async () => {
			appDatabase = await createAppDatabase(adminUrl, 'flood');
			return { DATABASE_URL: appDatabase.url };
		}
	});
}

afterAll(async () => {
	await appDatabase?.drop();
});

const checkBody = new URLSearchParams(
	Object.fromEntries(redFlagQuestions.map((question) => [question.id, 'no']))
).toString();

const tally = (answers: Answer[]) => {
	const statuses = new Map<number, number>();
	for (const answer of answers) statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
	return Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
};

describe.each(targets)('a flood of public form posts from one address on $name', (target) => {
	let server: RunningServer;
	let database: DatabaseHandle;
	const rows = async (table: 'anonymous_screening' | 'red_flag_screening' | 'rate_limit_event') =>
		Number(
			(await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(database.db))
				.rows[0]?.n ?? 0
		);
	const post = (path: string, body = '') =>
		send(server.url, path, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				origin: server.url,
				accept: 'text/html'
			},
			body
		});

	beforeAll(async () => {
		const env = await target.env();
		server = await startServer({
			env: { ...env, FORM_RATE_LIMIT: `${limit}/${windowSeconds}`, OUTBOX_WORKER: 'off' }
		});
		database = connect({ databaseUrl: env.DATABASE_URL ?? null, dataDir: server.dataDir });
	}, 120_000);

	afterAll(async () => {
		await database?.close();
		await server?.stop();
	}, 30_000);

	it(`keeps ${floodPosts} back pain checks in a row to ${limit} rows, and answers the rest 429`, async () => {
		const screeningsBefore = await rows('red_flag_screening');
		const started = performance.now();
		const answers: Answer[] = [];
		// Four at a time, as a simple script would.
		for (let sent = 0; sent < floodPosts; sent += 4) {
			const batch = Math.min(4, floodPosts - sent);
			answers.push(
				...(await Promise.all(
					Array.from({ length: batch }, () => post('/back-pain-check?/screen', checkBody))
				))
			);
		}
		const seconds = (performance.now() - started) / 1000;
		const statuses = tally(answers);
		const stored = await rows('anonymous_screening');
		const events = await rows('rate_limit_event');
		console.log(
			`form-flood (${target.name}): ${floodPosts} posts in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(statuses)}; anonymous checks stored ${stored}, rate-limit events ${events}, new append-only screenings ${(await rows('red_flag_screening')) - screeningsBefore}`
		);
		expect(answers.filter((answer) => answer.status === 0 || answer.status >= 500)).toEqual([]);
		// Concurrent posts at the edge may let one or two more through: a spam defence, not a quota.
		const accepted = statuses[200] ?? 0;
		expect(accepted).toBeGreaterThanOrEqual(limit);
		expect(accepted).toBeLessThanOrEqual(limit + 3);
		expect(statuses[429]).toBe(floodPosts - accepted);
		expect(stored).toBe(accepted);
		expect(events).toBe(accepted);
		expect(await rows('red_flag_screening')).toBe(screeningsBefore);

		const refused = answers.find((answer) => answer.status === 429);
		expect(refused?.headers.get('retry-after')).toBe(String(windowSeconds));
		expect(refused?.headers.get('set-cookie')).toBeNull();
		expect(refused?.text).toContain('Please wait a few minutes');
		expect(refused?.text).toMatch(/did not save this one/);
	}, 60_000);

	it('shows a person past the limit the "please wait" page, on a phone, axe-clean', async ({
		skip
	}) => {
		// The page is the same whichever database is behind it: one browser visit is enough.
		skip(
			target.name !== 'SQLite',
			'the page does not depend on the database; seen once, on SQLite'
		);
		const shared = await launchSharedBrowser();
		try {
			const context = await shared.newContext({
				javaScriptEnabled: false,
				viewport: { width: 390, height: 844 }
			});
			const page = await context.newPage();
			await page.goto(`${server.url}/back-pain-check`);
			for (const question of redFlagQuestions) {
				await page.getByRole('group', { name: question.text }).getByLabel('No').check();
			}
			const step = await navigate(page, () =>
				page.getByRole('button', { name: 'See what to do' }).click()
			);
			expect(step.status).toBe(429);
			await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(
				'Please wait a few minutes'
			);
			// The clinic's phone, to call instead of waiting.
			expect(await page.locator('a[href^="tel:"]').count()).toBeGreaterThan(0);
			await expectNoAxeViolationsInStaticPage(page, 'the 429 page');
		} finally {
			await shared.close();
		}
	}, 60_000);

	it('answers 429 on every public form action that writes once its limit is used up', async () => {
		const actions = (await discoverFormActions()).filter(
			// The booking form has its own limit (BOOKING_RATE_LIMIT); its review step writes nothing.
			(action) => !action.admin && action.pattern !== '/book'
		);
		const routes = new Set(actions.map((action) => action.pattern));
		expect(routes.size).toBeGreaterThanOrEqual(10);
		const params = { token: 'A'.repeat(43), step: 'about-you', id: '1' };
		const problems: string[] = [];
		for (const pattern of routes) {
			const [first, ...others] = actions.filter((action) => action.pattern === pattern);
			if (!first) continue;
			// The back pain check used its count above; every other form starts afresh.
			const before: Answer[] = [];
			if (pattern !== '/back-pain-check') {
				for (let n = 0; n < limit; n++) before.push(await post(actionPath(first, params)));
			}
			if (before.some((answer) => answer.status === 429 || answer.status >= 500)) {
				problems.push(`${pattern}: ${JSON.stringify(tally(before))} before the limit`);
			}
			for (const action of [first, ...others]) {
				const answer = await post(actionPath(action, params));
				if (answer.status !== 429) problems.push(`${pattern}?/${action.name}: ${answer.status}`);
			}
		}
		expect(problems).toEqual([]);
	}, 60_000);
});
