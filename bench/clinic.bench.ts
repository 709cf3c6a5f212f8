// `npm run bench`: how fast the clinic answers at a realistic size. Prints tables; asserts
// nothing about time. Everything runs against 127.0.0.1, bounded in count and time, and every
// server, temporary folder and database it creates is removed at the end, even on failure.
import { performance } from 'node:perf_hooks';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, test } from 'vitest';
import { findOpenSlots } from '../src/lib/domain/scheduling';
import { largeSchedule } from '../src/lib/domain/scheduling/large-schedule-fixture';
import { toDbInstant } from '../src/lib/server/db/instant';
import { findAvailability } from '../src/lib/server/services/availability';
import { apiAvailability } from '../src/lib/server/services/public-api';
import { ensureBuild, tail } from './support/app-server';
import { acceptEncoding, bareServer, load, sameBytes, type LoadResult } from './support/load';
import { formatCounts, pool, statusCounts, timedFetch, type Timed } from './support/http';
import { ms, printMachine, printTable, summarize, warn, type Summary } from './support/report';
import {
	Cleanup,
	postgresProblem,
	postgresTarget,
	sqliteTarget,
	type Target
} from './support/targets';

/** Runs of the pure engine, and the most time they may take. */
const ENGINE_RUNS = 200;
const ENGINE_BUDGET_MS = 45_000;
const WARMUP_REQUESTS = 20;
/** The same query in process, without HTTP, to show where the time goes. */
const IN_PROCESS_WARMUP = 5;
const IN_PROCESS_RUNS = 30;
const AVAILABILITY_REQUESTS = 300;
const AVAILABILITY_CLIENTS = 10;
const CONTENDERS = 100;
const THROUGHPUT_BOOKINGS = 200;
const THROUGHPUT_CLIENTS = 20;
/** The end-to-end target for the availability endpoint on SQLite. */
const AVAILABILITY_P95_TARGET_MS = 20;
/** Load (test 4): seconds per autocannon run, and the targets of issue 7. */
const LOAD_SECONDS = 5;
const PAGE_CONNECTIONS = 50;
const AVAILABILITY_CONNECTIONS = 50;
const AVAILABILITY_P99_TARGET_MS = 50;
const PAGE_RATIO_TARGET = 0.5;
const LOAD_BOOKINGS = 200;
const LOAD_BOOKING_CONNECTIONS = 10;
/** A cookie makes the response cache step aside: every request renders (test 2 measures that). */
const uncached = { cookie: 'bench=uncached' };

interface ApiSlot {
	start: string;
	end: string;
	practitionerId: number;
	locationId: number;
}

const cleanup = new Cleanup();
const runTag = Date.now().toString(36);
let postgresSkipped: string | null = null;
/** Which source file is newer than build/, if one is. */
let staleBuild: string | null = null;

/** The servers start once, the first time a test needs them. */
let started: Promise<Target[]> | null = null;
function servers(): Promise<Target[]> {
	started ??= (async () => {
		staleBuild = ensureBuild();
		const sqlite = await sqliteTarget(cleanup);
		const list = [sqlite];
		postgresSkipped = await postgresProblem();
		if (postgresSkipped)
			warn(`PostgreSQL is not reachable, its rows are left out: ${postgresSkipped}`);
		else list.push(await postgresTarget(cleanup));
		printTable(
			'Benchmark databases (demo clinic grown to size; the server then serves this database)',
			[
				'database',
				'practitioners',
				'rooms',
				'patients',
				'appointments',
				'in next 31 days',
				'span',
				'fill time'
			],
			list.map((target) => [
				target.name,
				target.dataset.practitioners,
				target.dataset.rooms,
				target.dataset.patients,
				target.dataset.appointments,
				target.dataset.appointmentsInFirst31Days,
				`${target.dataset.firstDate} .. ${target.dataset.lastDate}`,
				`${target.fillSeconds.toFixed(1)} s`
			])
		);
		return list;
	})();
	return started;
}

const latencyColumns = ['p50 ms', 'p95 ms', 'max ms', 'mean ms'];
const latencyCells = (summary: Summary) => [
	ms(summary.p50),
	ms(summary.p95),
	ms(summary.max),
	ms(summary.mean)
];

function serviceBySlug(target: Target, slug: string) {
	const service = target.dataset.services.find((entry) => entry.slug === slug);
	if (!service) throw new Error(`the benchmark database has no service "${slug}"`);
	return service;
}

/** One row of the load table: the application beside its bare twin. */
function loadRow(
	database: string,
	what: string,
	clients: number,
	bytes: number,
	app: LoadResult,
	bare: LoadResult
): (string | number)[] {
	return [
		database,
		what,
		clients,
		bytes,
		app.requestsPerSecond.toFixed(0),
		String(app.p50),
		String(app.p99),
		bare.requestsPerSecond.toFixed(0),
		String(bare.p99),
		(app.requestsPerSecond / bare.requestsPerSecond).toFixed(2),
		formatCounts(app.statuses) + (app.errors > 0 ? `, ${app.errors} errors` : '')
	];
}

/** Clinic-local dates counted from the day the database was filled. */
function day(target: Target, offset: number): string {
	return target.dataset.firstDate.add({ days: offset }).toString();
}

function availabilityUrl(target: Target, serviceId: number, from: string, to: string): string {
	const query = new URLSearchParams({ service: String(serviceId), practitioner: 'any', from, to });
	return `${target.server.url}/api/v1/availability?${query}`;
}

async function slotsFrom(url: string): Promise<ApiSlot[]> {
	const answer = await timedFetch(url);
	if (answer.status !== 200) {
		throw new Error(`GET ${url} answered ${answer.status}: ${answer.body.slice(0, 500)}`);
	}
	return (JSON.parse(answer.body) as { slots: ApiSlot[] }).slots;
}

function bookingRequest(
	target: Target,
	key: string,
	body: { serviceId: number; practitionerId: number; start: string; patient: number }
): () => Promise<Timed> {
	const patient = `${runTag}-${body.patient}`;
	return () =>
		timedFetch(`${target.server.url}/api/v1/bookings`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'idempotency-key': key },
			body: JSON.stringify({
				serviceId: body.serviceId,
				practitionerId: body.practitionerId,
				start: body.start,
				patient: {
					name: `Bench Patient ${body.patient}`,
					email: `patient-${patient}@bench.example`,
					phone: `262-555-${String(body.patient).padStart(4, '0')}`
				},
				newPatient: true
			})
		});
}

/** First 5xx (or dropped connection) answer, for the report. */
function firstFailure(results: readonly Timed[]): string | null {
	const failed = results.find((result) => result.status >= 500 || result.status === 0);
	return failed ? `${failed.status}: ${failed.body.slice(0, 300)}` : null;
}

/** The tail of a server's output, for a report of something that went wrong. */
function serverTail(target: Target): string {
	const stale = staleBuild
		? `\n(build/ is older than ${staleBuild}: a 5xx may come from a build that does not match ` +
			'the schema the bench migrated with the current source; rebuild and run again)'
		: '';
	return `${tail(target.server.output(), 6)}${stale}`;
}

describe('clinic benchmark', () => {
	beforeAll(() => {
		printMachine();
	});

	afterAll(async () => {
		await started?.catch(() => {});
		await cleanup.runAll();
	});

	test('1. engine: pure findOpenSlots', () => {
		const { input, query } = largeSchedule();
		const from = query.from.toZonedDateTime({ timeZone: 'America/Chicago' }).toInstant();
		const until = query.to
			.add({ days: 1 })
			.toZonedDateTime({ timeZone: 'America/Chicago' })
			.toInstant();
		const inRange = input.appointments.filter(
			(entry) =>
				Temporal.Instant.compare(entry.start, from) >= 0 &&
				Temporal.Instant.compare(entry.start, until) < 0
		).length;
		let slots = 0;
		for (let run = 0; run < 10; run += 1) slots = findOpenSlots(input, query).length;
		const samples: number[] = [];
		const deadline = performance.now() + ENGINE_BUDGET_MS;
		while (samples.length < ENGINE_RUNS && performance.now() < deadline) {
			const begun = performance.now();
			findOpenSlots(input, query);
			samples.push(performance.now() - begun);
		}
		const practitioners = new Set(input.weeklyHours.map((hours) => hours.practitionerId)).size;
		printTable(
			'1. Availability engine: findOpenSlots, 31 days, practitioner "any" (in process, after 10 warm-up runs)',
			[
				'days',
				'practitioners',
				'rooms',
				'appointments (in range)',
				'slots',
				'runs',
				...latencyColumns
			],
			[
				[
					query.from.until(query.to).days + 1,
					practitioners,
					input.rooms.length,
					`${input.appointments.length} (${inRange})`,
					slots,
					samples.length,
					...latencyCells(summarize(samples))
				]
			]
		);
		if (samples.length < ENGINE_RUNS) {
			warn(`stopped after ${samples.length} runs: the ${ENGINE_BUDGET_MS / 1000} s budget ran out`);
		}
	});

	test('2. GET /api/v1/availability, 31 days, practitioner any', async () => {
		const rows: (string | number)[][] = [];
		const notes: string[] = [];
		for (const target of await servers()) {
			const service = serviceBySlug(target, 'follow-up-acupuncture');
			const url = availabilityUrl(target, service.id, day(target, 0), day(target, 30));
			const first = await timedFetch(url, { headers: uncached });
			if (first.status !== 200) {
				warn(`${target.name}: GET ${url} answered ${first.status}: ${first.body.slice(0, 500)}`);
				warn(`${target.name} server output:\n${serverTail(target)}`);
				continue;
			}
			const slots = (JSON.parse(first.body) as { slots: ApiSlot[] }).slots.length;
			notes.push(
				`${target.name}: service "${service.slug}" (${service.practitionerIds.length} practitioners, ` +
					`needs a room), ${day(target, 0)} .. ${day(target, 30)}: ${slots} slots, ` +
					`${(first.body.length / 1024).toFixed(0)} KiB of JSON ` +
					`(content-encoding: ${first.headers.get('content-encoding') ?? 'none'})`
			);

			// The same work without HTTP, on a second connection: where the time goes.
			const handle = target.open();
			try {
				const query = new URL(url).searchParams;
				const stages: [string, () => Promise<unknown>][] = [
					[
						'findAvailability (load + engine)',
						async () => {
							const result = await findAvailability(
								handle.db,
								{
									serviceId: service.id,
									practitionerId: 'any',
									from: Temporal.PlainDate.from(day(target, 0)),
									to: Temporal.PlainDate.from(day(target, 30))
								},
								Temporal.Now.instant()
							);
							if (!result.ok) throw new Error(`findAvailability refused: ${result.message}`);
						}
					],
					[
						'apiAvailability + JSON.stringify',
						async () => {
							const answer = await apiAvailability(handle.db, query, Temporal.Now.instant());
							if (answer.status !== 200) throw new Error(`apiAvailability: ${answer.status}`);
							JSON.stringify(answer.body);
						}
					]
				];
				for (const [how, stage] of stages) {
					const samples: number[] = [];
					for (let run = 0; run < IN_PROCESS_WARMUP + IN_PROCESS_RUNS; run += 1) {
						const begun = performance.now();
						await stage();
						if (run >= IN_PROCESS_WARMUP) samples.push(performance.now() - begun);
					}
					rows.push([
						target.name,
						`${how}, no HTTP`,
						1,
						samples.length,
						...latencyCells(summarize(samples)),
						'-',
						'-',
						'-'
					]);
				}
			} finally {
				await handle.close();
			}

			for (let run = 0; run < WARMUP_REQUESTS; run += 1) {
				await timedFetch(url, { headers: uncached });
			}
			for (const clients of [1, AVAILABILITY_CLIENTS]) {
				const { results, wallMs } = await pool(
					clients,
					Array.from(
						{ length: AVAILABILITY_REQUESTS },
						() => () => timedFetch(url, { headers: uncached })
					)
				);
				const ok = results.filter((result) => result.status === 200);
				const summary = summarize(ok.map((result) => result.ms));
				const others = new Map([...statusCounts(results)].filter(([status]) => status !== 200));
				rows.push([
					target.name,
					'HTTP, keep-alive',
					clients,
					results.length,
					...latencyCells(summary),
					((results.length / wallMs) * 1000).toFixed(0),
					formatCounts(others),
					target.name === 'SQLite'
						? `${summary.p95 < AVAILABILITY_P95_TARGET_MS ? 'met' : 'missed'} (${AVAILABILITY_P95_TARGET_MS} ms)`
						: '-'
				]);
				const failure = firstFailure(results);
				if (failure) warn(`${target.name}: availability failed: ${failure}`);
			}
		}
		printTable(
			`2. GET /api/v1/availability?service=&practitioner=any&from=&to=+30 days, uncached ` +
				`(every request computed: the response cache is bypassed with a cookie; after ` +
				`${WARMUP_REQUESTS} warm-up requests; latency of 200 answers, end to end)`,
			[
				'database',
				'how',
				'clients',
				'requests',
				...latencyColumns,
				'req/s',
				'non-200',
				'p95 target'
			],
			rows
		);
		for (const note of notes) console.log(note);
	});

	test('3. POST /api/v1/bookings: contention and throughput', async () => {
		const contention: (string | number)[][] = [];
		const throughput: (string | number)[][] = [];
		for (const target of await servers()) {
			// Contention: 100 different patients want the same practitioner at the same time.
			const service = serviceBySlug(target, 'follow-up-acupuncture');
			const [slot] = await slotsFrom(
				availabilityUrl(target, service.id, day(target, 1), day(target, 7))
			);
			if (!slot) throw new Error(`${target.name}: no open slot to contend for`);
			const requests = Array.from({ length: CONTENDERS }, (_, index) =>
				bookingRequest(target, `bench-${runTag}-contend-${index}`, {
					serviceId: service.id,
					practitionerId: slot.practitionerId,
					start: slot.start,
					patient: index
				})
			);
			const begun = performance.now();
			const results = await Promise.all(requests.map((request) => request()));
			const wallMs = performance.now() - begun;
			const counts = statusCounts(results);
			const reasons = new Map<string, number>();
			for (const result of results.filter((entry) => entry.status === 409)) {
				const reason = (JSON.parse(result.body) as { reason?: string }).reason ?? '?';
				reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
			}
			const handle = target.open();
			const stored = await handle.db
				.selectFrom('appointment')
				.select((eb) => eb.fn.countAll<number>().as('count'))
				.where('practitioner_id', '=', slot.practitionerId)
				.where('starts_at', '=', toDbInstant(Temporal.Instant.from(slot.start)))
				.where('status', '<>', 'cancelled')
				.executeTakeFirstOrThrow()
				.finally(() => handle.close());
			const fiveHundreds = results.filter((entry) => entry.status >= 500 || entry.status === 0);
			contention.push([
				target.name,
				`${slot.start} practitioner ${slot.practitionerId}`,
				results.length,
				counts.get(201) ?? 0,
				counts.get(409) ?? 0,
				fiveHundreds.length,
				formatCounts(new Map([...counts].filter(([status]) => status !== 201 && status !== 409))),
				formatCounts(reasons),
				Number(stored.count),
				...latencyCells(summarize(results.map((entry) => entry.ms))),
				`${wallMs.toFixed(0)} ms`
			]);
			if (
				(counts.get(201) ?? 0) !== 1 ||
				(counts.get(409) ?? 0) !== CONTENDERS - 1 ||
				fiveHundreds.length > 0
			) {
				warn(
					`${target.name}: expected exactly one 201 and ${CONTENDERS - 1} × 409 with no 5xx, got ` +
						`${formatCounts(counts)}; first failure: ${firstFailure(results) ?? 'none'}`
				);
				if (fiveHundreds.length > 0) warn(`${target.name} server output:\n${serverTail(target)}`);
			}
			if (Number(stored.count) !== 1) {
				warn(
					`${target.name}: the database holds ${stored.count} live appointments at the contested slot`
				);
			}

			// Throughput: distinct open slots, chosen so that no two of them compete for a
			// practitioner or a room, booked by 20 clients at once.
			const picks = await distinctSlots(target, THROUGHPUT_BOOKINGS);
			const handleBefore = target.open();
			const before = await countLive(handleBefore).finally(() => handleBefore.close());
			const bookings = await pool(
				THROUGHPUT_CLIENTS,
				picks.map((pick, index) =>
					bookingRequest(target, `bench-${runTag}-book-${index}`, {
						serviceId: pick.serviceId,
						practitionerId: pick.slot.practitionerId,
						start: pick.slot.start,
						patient: 1000 + index
					})
				)
			);
			const handleAfter = target.open();
			const after = await countLive(handleAfter).finally(() => handleAfter.close());
			const booked = bookings.results.filter((entry) => entry.status === 201);
			const bookingCounts = statusCounts(bookings.results);
			throughput.push([
				target.name,
				picks.length,
				THROUGHPUT_CLIENTS,
				formatCounts(bookingCounts),
				((booked.length / bookings.wallMs) * 1000).toFixed(1),
				...latencyCells(summarize(bookings.results.map((entry) => entry.ms))),
				`${(bookings.wallMs / 1000).toFixed(2)} s`,
				`${after - before}`
			]);
			if (picks.length < THROUGHPUT_BOOKINGS) {
				warn(`${target.name}: only ${picks.length} distinct open slots were found`);
			}
			if (booked.length !== picks.length || after - before !== booked.length) {
				warn(
					`${target.name}: ${picks.length} bookings of distinct open slots answered ` +
						`${formatCounts(bookingCounts)} and added ${after - before} appointments; ` +
						`first failure: ${firstFailure(bookings.results) ?? 'none'}`
				);
				const refused = bookings.results.find((entry) => entry.status !== 201);
				if (refused)
					warn(`${target.name}: first refusal: ${refused.status} ${refused.body.slice(0, 300)}`);
				if (firstFailure(bookings.results)) {
					warn(`${target.name} server output:\n${serverTail(target)}`);
				}
			}
		}
		printTable(
			`3a. Contention: ${CONTENDERS} concurrent POST /api/v1/bookings for the same slot ` +
				'(different Idempotency-Keys and patients; expected: one 201, the rest 409, no 5xx)',
			[
				'database',
				'slot',
				'requests',
				'201',
				'409',
				'5xx',
				'other',
				'409 reasons',
				'rows at slot',
				...latencyColumns,
				'wall'
			],
			contention
		);
		printTable(
			`3b. Throughput: ${THROUGHPUT_BOOKINGS} bookings of distinct open slots ` +
				`(4 services, all practitioners, ${THROUGHPUT_CLIENTS} concurrent clients)`,
			[
				'database',
				'bookings',
				'clients',
				'answers',
				'bookings/s',
				...latencyColumns,
				'wall',
				'rows added'
			],
			throughput
		);
		if (postgresSkipped) warn(`PostgreSQL rows are missing: ${postgresSkipped}`);
	});

	test('4. load: autocannon beside a bare node:http server answering the same bytes', async () => {
		const rows: (string | number)[][] = [];
		const verdicts: string[] = [];
		for (const target of await servers()) {
			const service = serviceBySlug(target, 'follow-up-acupuncture');
			const origin = target.server.url;
			const availability = new URL(
				availabilityUrl(target, service.id, day(target, 0), day(target, 30))
			);
			const gets: { what: string; path: string; connections: number; headers?: object }[] = [
				{ what: 'home page', path: '/', connections: PAGE_CONNECTIONS },
				{
					what: 'back pain article',
					path: '/articles/can-acupuncture-help-back-pain',
					connections: PAGE_CONNECTIONS
				},
				{
					what: 'home page, uncached (cookie)',
					path: '/',
					connections: PAGE_CONNECTIONS,
					headers: uncached
				},
				{
					what: 'availability, 31 days',
					path: `${availability.pathname}${availability.search}`,
					connections: AVAILABILITY_CONNECTIONS
				}
			];
			for (const get of gets) {
				const headers = { ...acceptEncoding, ...(get.headers as Record<string, string>) };
				const answer = await sameBytes(`${origin}${get.path}`, { headers });
				const app = await load(origin, {
					connections: get.connections,
					seconds: LOAD_SECONDS,
					path: get.path,
					headers
				});
				const twin = await bareServer(answer);
				const bare = await load(twin.origin, {
					connections: get.connections,
					seconds: LOAD_SECONDS,
					path: get.path,
					headers
				}).finally(() => twin.close());
				rows.push(loadRow(target.name, get.what, get.connections, answer.body.length, app, bare));
				if (get.what.startsWith('availability')) {
					verdicts.push(
						`${target.name}: availability p99 ${app.p99} ms at ${get.connections} clients: ` +
							`${app.p99 < AVAILABILITY_P99_TARGET_MS ? 'met' : 'MISSED'} (target < ${AVAILABILITY_P99_TARGET_MS} ms)`
					);
				} else if (!get.headers) {
					const ratio = app.requestsPerSecond / bare.requestsPerSecond;
					verdicts.push(
						`${target.name}: ${get.what} at ${ratio.toFixed(2)} of the bare server's rate: ` +
							`${ratio >= PAGE_RATIO_TARGET ? 'met' : 'MISSED'} (target ≥ ${PAGE_RATIO_TARGET})`
					);
				}
			}

			// Bookings: distinct free slots, one request each, 10 clients.
			const picks = await distinctSlots(target, LOAD_BOOKINGS);
			const bookingBody = (index: number) => {
				const pick = picks[index]!;
				return JSON.stringify({
					serviceId: pick.serviceId,
					practitionerId: pick.slot.practitionerId,
					start: pick.slot.start,
					patient: {
						name: `Load Patient ${index}`,
						email: `load-${runTag}-${target.name}-${index}@bench.example`,
						phone: `262-555-${String(index).padStart(4, '0')}`
					},
					newPatient: true
				});
			};
			const request = (index: number) => ({
				method: 'POST' as const,
				path: '/api/v1/bookings',
				headers: {
					'content-type': 'application/json',
					'idempotency-key': `load-${runTag}-${target.name}-${index}`
				},
				body: bookingBody(index)
			});
			// The last free slot books the sample answer the bare twin repeats; the run books the rest.
			const last = request(picks.length - 1);
			const sample = await sameBytes(`${origin}/api/v1/bookings`, {
				method: 'POST',
				headers: last.headers,
				body: last.body
			});
			const app = await load(origin, {
				connections: LOAD_BOOKING_CONNECTIONS,
				amount: picks.length - 1,
				request
			});
			// The twin runs for the same seconds as a GET row: a run of 199 requests is over within
			// autocannon's one-second tick, which would cap its rate at about 199/s.
			const twin = await bareServer(sample);
			const bare = await load(twin.origin, {
				connections: LOAD_BOOKING_CONNECTIONS,
				seconds: LOAD_SECONDS,
				request: (index) => request(index % (picks.length - 1))
			}).finally(() => twin.close());
			rows.push(
				loadRow(
					target.name,
					'booking (POST)',
					LOAD_BOOKING_CONNECTIONS,
					sample.body.length,
					app,
					bare
				)
			);
			if ([...app.statuses.keys()].some((status) => status >= 500) || app.errors > 0) {
				warn(`${target.name}: bookings under load failed: ${formatCounts(app.statuses)}`);
			}
		}
		printTable(
			`4. Load (autocannon on this machine, ${LOAD_SECONDS} s per GET row; the bare node:http ` +
				'server answers the same bytes, measured right after)',
			[
				'database',
				'what',
				'clients',
				'bytes',
				'app req/s',
				'app p50 ms',
				'app p99 ms',
				'bare req/s',
				'bare p99 ms',
				'ratio',
				'app answers'
			],
			rows
		);
		for (const verdict of verdicts) console.log(verdict);
	});
});

async function countLive(handle: ReturnType<Target['open']>): Promise<number> {
	const row = await handle.db
		.selectFrom('appointment')
		.select((eb) => eb.fn.countAll<number>().as('count'))
		.where('status', '<>', 'cancelled')
		.executeTakeFirstOrThrow();
	return Number(row.count);
}

/**
 * Up to `wanted` open slots over the next eight weeks, rotating through the services, such that
 * no two chosen slots overlap for one practitioner (with 30 minutes to spare for buffers) and no
 * two that need a room overlap at all, so each booking stays bookable whatever the others do.
 */
async function distinctSlots(
	target: Target,
	wanted: number
): Promise<{ serviceId: number; slot: ApiSlot }[]> {
	const pad = 30 * 60_000;
	const queues: { serviceId: number; needsRoom: boolean; slots: ApiSlot[] }[] = [];
	let seed = 4242;
	const next = () => {
		seed = (seed * 48_271) % 2_147_483_647;
		return seed / 2_147_483_647;
	};
	for (const service of target.dataset.services) {
		const slots = [
			...(await slotsFrom(availabilityUrl(target, service.id, day(target, 1), day(target, 28)))),
			...(await slotsFrom(availabilityUrl(target, service.id, day(target, 29), day(target, 55))))
		];
		// A fixed shuffle, so the bookings spread over the weeks and the practitioners.
		for (let index = slots.length - 1; index > 0; index -= 1) {
			const other = Math.floor(next() * (index + 1));
			[slots[index], slots[other]] = [slots[other]!, slots[index]!];
		}
		queues.push({ serviceId: service.id, needsRoom: service.needsRoom, slots });
	}
	const held = new Map<number, { from: number; until: number }[]>();
	const roomHeld: { from: number; until: number }[] = [];
	const clashes = (
		spans: readonly { from: number; until: number }[],
		span: { from: number; until: number }
	) => spans.some((other) => other.from < span.until && span.from < other.until);
	const picks: { serviceId: number; slot: ApiSlot }[] = [];
	while (picks.length < wanted && queues.some((queue) => queue.slots.length > 0)) {
		for (const queue of queues) {
			while (queue.slots.length > 0) {
				const slot = queue.slots.pop()!;
				const span = {
					from: Temporal.Instant.from(slot.start).epochMilliseconds - pad,
					until: Temporal.Instant.from(slot.end).epochMilliseconds + pad
				};
				const mine = held.get(slot.practitionerId) ?? [];
				if (clashes(mine, span) || (queue.needsRoom && clashes(roomHeld, span))) continue;
				mine.push(span);
				held.set(slot.practitionerId, mine);
				if (queue.needsRoom) roomHeld.push(span);
				picks.push({ serviceId: queue.serviceId, slot });
				break;
			}
			if (picks.length >= wanted) break;
		}
	}
	return picks;
}
