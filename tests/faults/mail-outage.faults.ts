// Mail outage: the SMTP server is down (nothing listens on its port) while patients book.
// The site keeps answering, nothing is lost, and once the SMTP server is back every queued
// email arrives exactly once, in order of due time.
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection';
import { bookingRequest, plannedSlots, postBooking, sleep } from '../support/faults';
import { startServer, type RunningServer } from '../support/server';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp';

const bookings = 12;
/** How long the SMTP server stays away, at least: longer than the first retry wait (30 s). */
const outageMs = 40_000;

let smtp: SmtpCapture | undefined;
let server: RunningServer | undefined;
afterAll(async () => {
	await server?.stop();
	await smtp?.stop();
});

/** The Message-ID header of a raw message. */
function messageId(raw: string): string {
	return /^message-id:\s*(<[^>]+>)/im.exec(raw)?.[1] ?? '(none)';
}

interface OutboxRow {
	id: number;
	kind: string;
	status: string;
	due: number;
	attempts: number;
}

async function outboxRows(dataDir: string): Promise<OutboxRow[]> {
	const handle = connect({ databaseUrl: null, dataDir });
	try {
		const rows = await handle.db
			.selectFrom('outbox_message')
			.select(['id', 'kind', 'status', 'due_at', 'attempts'])
			.orderBy('due_at')
			.orderBy('id')
			.execute();
		return rows.map((row) => ({
			id: row.id,
			kind: row.kind,
			status: row.status,
			due: Date.parse(String(row.due_at)),
			attempts: row.attempts
		}));
	} finally {
		await handle.close();
	}
}

describe('SMTP server down for a while (SQLite)', () => {
	it('keeps every email, keeps answering, and afterwards sends each once in due order', async () => {
		smtp = await startSmtpCapture();
		await smtp.stop();
		const outageStarted = Date.now();
		server = await startServer({
			env: { SMTP_URL: smtp.url, BOOKING_RATE_LIMIT: '100000/60', DATABASE_URL: undefined }
		});
		const slots = await plannedSlots(server.url, bookings);
		expect(slots).toHaveLength(bookings);

		// Patients book through the outage, and the site answers them as usual. Spread over half
		// of it: messages written at different moments of an outage must still go out in order.
		let slowestMs = 0;
		const statuses: number[] = [];
		for (const [n, slot] of slots.entries()) {
			const started = Date.now();
			const answer = await postBooking(server.url, bookingRequest(slot, 'mail', n));
			const page = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(10_000) });
			await page.body?.cancel();
			slowestMs = Math.max(slowestMs, Date.now() - started);
			statuses.push(answer.status, page.status);
			await sleep(1_500);
		}
		expect(statuses.filter((status) => status !== 201 && status !== 200)).toEqual([]);
		await sleep(Math.max(0, outageMs - (Date.now() - outageStarted)));
		const during = await outboxRows(server.dataDir);
		expect(smtp.messages).toHaveLength(0);
		// Nothing is given up during an outage.
		expect(during.filter((row) => row.status !== 'pending')).toEqual([]);
		const queued = during.filter((row) => row.due <= Date.now());
		expect(queued.filter((row) => row.kind === 'confirmation')).toHaveLength(bookings);

		await smtp.restart();
		const restored = Date.now();
		const deadline = restored + 120_000;
		while (smtp.messages.length < queued.length && Date.now() < deadline) await sleep(200);
		const recoveryMs = Date.now() - restored;
		// A few more worker rounds, to see that nothing is sent a second time.
		await sleep(6_000);

		const after = await outboxRows(server.dataDir);
		const sent = after.filter((row) => row.status === 'sent');
		const expectedOrder = sent.map((row) => `<outbox-${row.id}.${row.kind}@127.0.0.1>`);
		const arrived = smtp.messages.map((message) => messageId(message.raw));
		const failedAttempts = (server.output().match(/"email delivery failed"/g) ?? []).length;
		const pauses = (server.output().match(/"mail transport unavailable/g) ?? []).length;
		console.log(
			`[faults] mail-outage ${JSON.stringify({
				bookings,
				outageSeconds: Number(((restored - outageStarted) / 1000).toFixed(1)),
				queued: queued.length,
				arrived: arrived.length,
				distinct: new Set(arrived).size,
				recoverySeconds: Number((recoveryMs / 1000).toFixed(1)),
				slowestAnswerDuringOutageMs: slowestMs,
				workerPausesLogged: pauses,
				perMessageFailuresLogged: failedAttempts
			})}`
		);
		expect(sent.map((row) => row.id)).toEqual(queued.map((row) => row.id));
		expect(new Set(arrived).size).toBe(arrived.length);
		expect(arrived).toEqual(expectedOrder);
		expect(after.filter((row) => row.status === 'failed')).toEqual([]);
	});
});
