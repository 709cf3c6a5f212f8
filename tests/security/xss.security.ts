// Cross-site scripting, checked in Chromium: numbered payloads (support/xss-payloads.ts: script
// tags, event handlers, javascript: URLs, SVG, `</title>` and `</script>` breakouts, template
// syntax, CSS imports, meta refresh, <base>, and the Markdown corpus of
// render-markdown.xss.test.ts) are put through the application's own forms and API into every
// field a patient or staff member fills that is shown somewhere, then every page showing them
// is opened with JavaScript on. A payload that ran would call `__xss(n)` (a binding exposed to
// the page), open a dialog, or request /xss/n from a listener this test runs. Each page is
// opened twice: with the Content-Security-Policy bypassed, so that only escaping stands between
// a payload and execution, and with it in force, where no policy violation may occur at all.
// The DOM is also searched for anything executable that a payload could have created.
import { createServer, type Server } from 'node:http';
import type { BrowserContext, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type DatabaseHandle } from '../../src/lib/server/db/connection';
import { insertModeration } from '../../src/lib/server/db/repositories/testimonial-publication-repository';
import { bookFollowUp } from '../support/api-follow-up';
import { demoIds, testPatient } from '../support/booking';
import {
	apiSlots,
	clinicDate,
	launchSharedBrowser,
	navigate,
	utcInstant,
	type SharedBrowser
} from '../support/e2e-booking';
import { invitePatientForFeedback } from '../support/feedback';
import { FormClient } from '../support/form-client';
import { noRedFlags, postedIntake } from '../support/intake';
import { freePort, startServer, type RunningServer } from '../support/server';
import { addStaffSession } from '../support/staff-sign-in';
import type { IntakeStepId } from '../../src/lib/domain/intake/intake-steps';
import { prepareClinic, type ClinicFixtures } from './support/fixtures';
import { readForm, withFields } from './support/html-forms';
import { pathSegment, postFields, send } from './support/http';
import { PayloadBook } from './support/xss-payloads';

let server: RunningServer;
let clinic: ClinicFixtures;
let database: DatabaseHandle;
let shared: SharedBrowser;
let listener: Server;
let book: PayloadBook;
const listenerHits: string[] = [];
/** Requests to other hosts that were not payloads (e.g. an https image in the Markdown corpus). */
const offSite: string[] = [];
/** Payload markers (X<n>) seen on each page, for coverage. */
const shownOn = new Map<number, Set<string>>();
let opened = 0;

/** What each seeding step did: a field's payload accepted (stored) or refused by validation. */
const seeded: { field: string; outcome: string }[] = [];
/** Pages to open, as whom, with the fields expected to show on them. */
const pages: { label: string; path: string; as: 'visitor' | 'owner' }[] = [];
let manage = { token: '', url: '', appointmentId: 0, patientId: 0, patientName: '' };
let feedbackToken = '';
let articleSlug = '';

function record(
	field: string,
	answer: { status: number; text?: string },
	accepted = [200, 201, 303]
) {
	const outcome = accepted.includes(answer.status)
		? 'stored'
		: `refused ${answer.status}${answer.text ? `: ${(/class="field-error"[^>]*>([^<]+)/.exec(answer.text)?.[1] ?? /"message":"([^"]+)/.exec(answer.text)?.[1] ?? '').slice(0, 80)}` : ''}`;
	seeded.push({ field, outcome });
	return accepted.includes(answer.status);
}

/** Posts the `index`-th `?/action` form of `page` with some fields replaced, as the owner. */
async function ownerForm(
	field: string,
	page: string,
	action: string,
	changes: Record<string, string>,
	index = 0
) {
	const html = (await clinic.owner.request(page)).html;
	const fields = withFields(readForm(html, action, index), changes);
	const answer = await postFields(clinic.owner, server.url, `${page}?/${action}`, fields);
	return record(field, answer);
}

beforeAll(async () => {
	server = await startServer({
		env: { BOOKING_RATE_LIMIT: '1000/600', FORM_RATE_LIMIT: '100000/600' }
	});
	const port = await freePort();
	listener = createServer((req, res) => {
		listenerHits.push(req.url ?? '');
		res.writeHead(204);
		res.end();
	});
	await new Promise<void>((done) => listener.listen(port, '127.0.0.1', () => done()));
	book = new PayloadBook(`http://127.0.0.1:${port}`);
	clinic = await prepareClinic(server, { label: 'xss' });
	database = connect({ databaseUrl: null, dataDir: server.dataDir });
	shared = await launchSharedBrowser();
}, 120_000);

afterAll(async () => {
	await shared?.close();
	await database?.close();
	await new Promise((done) => listener?.close(done));
	await server?.stop();
}, 30_000);

describe('XSS: payloads in every field that is shown', () => {
	it('puts the payloads in through the forms and the API', async () => {
		// A patient books online with a hostile name and note.
		manage.patientName = book.html('patient name (booking)', 110, 'Ann ');
		const booked = await bookFollowUp(server.url, {
			patient: {
				name: manage.patientName,
				email: 'xss-patient@example.com',
				phone: '(414) 555-0177'
			},
			note: book.html('booking note', 500),
			idempotencyKey: 'xss-booking-0001'
		});
		record('patient name (booking)', { status: 201 });
		record('booking note', { status: 201 });
		manage = {
			...manage,
			url: booked.manageUrl,
			appointmentId: booked.id,
			token: /\/manage\/([^/?#]+)/.exec(booked.manageUrl)?.[1] ?? ''
		};
		const patient = await database.db
			.selectFrom('patient')
			.select('id')
			.where('email', '=', 'xss-patient@example.com')
			.executeTakeFirstOrThrow();
		manage.patientId = patient.id;

		// The consent, signed with that name.
		const consentPath = `/manage/${manage.token}/consent`;
		const consentPage = await (await fetch(`${server.url}${consentPath}`)).text();
		const patientBrowser = new FormClient(server.url);
		record(
			'consent signature name',
			await postFields(patientBrowser, server.url, `${consentPath}?/sign`, [
				['document', /name="document" value="(\d+)"/.exec(consentPage)?.[1] ?? ''],
				['signature-name', manage.patientName],
				['agree', 'yes']
			])
		);

		// The health form, with every free-text answer hostile.
		const intakeText: Partial<Record<IntakeStepId, Record<string, string>>> = {
			'about-you': {
				'full-name': book.html('intake full name', 100, 'Ann '),
				'preferred-name': book.html('intake preferred name', 60),
				'emergency-contact-name': book.html('intake emergency contact', 100)
			},
			history: {
				better: book.html('intake better', 500),
				worse: book.html('intake worse', 500),
				'previous-treatment-notes': book.html('intake treatment notes', 500)
			},
			medications: {
				'anticoagulant-other': book.html('intake anticoagulant other', 200),
				'other-medications': book.html('intake other medications', 500)
			},
			health: { 'metal-allergy-detail': book.html('intake allergy detail', 200) },
			goals: {
				'psfs-activity-1': book.html('intake PSFS activity', 100),
				'psfs-activity-2': book.html('intake PSFS activity', 100)
			}
		};
		for (const [step, values] of Object.entries(postedIntake) as [
			IntakeStepId,
			Record<string, string | readonly string[]>
		][]) {
			const base = step === 'red-flags' ? noRedFlags : values;
			const hostile = intakeText[step] ?? {};
			const fields: [string, string][] = [];
			for (const [name, value] of Object.entries({ ...base, ...hostile })) {
				for (const item of Array.isArray(value) ? value : [value])
					fields.push([name, String(item)]);
			}
			const answer = await postFields(
				patientBrowser,
				server.url,
				`/manage/${manage.token}/intake/${step}?/save`,
				fields
			);
			for (const name of Object.keys(hostile)) record(`intake ${step}: ${name}`, answer);
			if (answer.status !== 303) {
				// Refused: save the plain answers so the form can still be sent.
				const plain: [string, string][] = Object.entries(base).flatMap(([name, value]) =>
					(Array.isArray(value) ? value : [value]).map(
						(item) => [name, String(item)] as [string, string]
					)
				);
				await postFields(
					patientBrowser,
					server.url,
					`/manage/${manage.token}/intake/${step}?/save`,
					plain
				);
			}
		}
		record(
			'intake submitted',
			await postFields(
				patientBrowser,
				server.url,
				`/manage/${manage.token}/intake/review?/submit`,
				[]
			)
		);

		// Feedback from a patient whose name is hostile, with permission, then published.
		const ids = await demoIds(database.db);
		feedbackToken = await invitePatientForFeedback(
			database.db,
			ids,
			'xss',
			Temporal.Now.instant(),
			{
				serverDataDir: server.dataDir
			}
		);
		const feedbackName = `${book.html('feedback patient first name', 80)} Rivera`;
		await database.db
			.updateTable('patient')
			.set({ name: feedbackName })
			.where('email', '=', testPatient('xss').email)
			.execute();
		record('feedback patient first name', { status: 200 });
		const feedbackBrowser = new FormClient(server.url);
		record(
			'feedback words',
			await postFields(feedbackBrowser, server.url, `/feedback/${feedbackToken}?/give`, [
				['rating', '4'],
				['words', book.html('feedback words', 900)],
				['condition', 'back-pain']
			])
		);
		const publishPage = await (
			await fetch(`${server.url}/feedback/${feedbackToken}/publish`)
		).text();
		record(
			'feedback connection description',
			await postFields(feedbackBrowser, server.url, `/feedback/${feedbackToken}/publish?/sign`, [
				['document', /name="document" value="(\d+)"/.exec(publishPage)?.[1] ?? ''],
				['naming', 'first_name_last_initial'],
				['connection', 'other'],
				['connection-description', book.html('feedback connection description', 150)],
				['signature-name', feedbackName],
				['agree', 'yes']
			]),
			[200, 303]
		);
		const feedback = await database.db
			.selectFrom('feedback')
			.select('id')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		const published = await ownerForm(
			'moderation note',
			`/admin/testimonials/${feedback.id}`,
			'decide',
			{
				decision: 'publish',
				note: book.html('moderation note', 500)
			}
		);
		if (!published) {
			await insertModeration(database.db, {
				feedbackId: feedback.id,
				decision: 'publish',
				reason: null,
				note: null,
				connectionKind: null,
				connectionText: null,
				decidedById: 'xss',
				decidedByName: 'XSS test',
				decidedAt: Temporal.Now.instant()
			});
		}

		// A testimonial typed in from paper, by staff.
		await ownerForm('legacy testimonial', '/admin/testimonials/entries/new', 'enter', {
			rating: '5',
			words: book.html('legacy testimonial', 900),
			'display-name': book.html('legacy testimonial name', 60),
			connection: 'none',
			'given-on': Temporal.Now.plainDateISO('America/Chicago').subtract({ days: 30 }).toString(),
			'signed-on': Temporal.Now.plainDateISO('America/Chicago').subtract({ days: 30 }).toString(),
			'expires-on': Temporal.Now.plainDateISO('America/Chicago').add({ years: 2 }).toString(),
			attest: 'yes'
		});

		// Staff settings and records.
		await ownerForm('staff name', '/admin/staff', 'invite', {
			name: book.html('staff name', 120),
			email: 'xss-staff@example.com',
			role: 'practitioner'
		});
		await ownerForm('practitioner profile', '/admin/settings/practitioners/1', 'profile', {
			name: book.html('practitioner profile', 120, 'Mei '),
			credentials: book.html('practitioner credentials', 120, 'L.Ac. '),
			title: book.html('practitioner title', 120, 'Acupuncturist '),
			summary: book.html('practitioner summary', 400, 'Summary text here. '),
			bioMarkdown: book.markdown('practitioner biography (Markdown)', 10_000)
		});
		await ownerForm('clinic profile', '/admin/settings/clinic', 'profile', {
			name: book.html('clinic name', 120, 'Harbor '),
			tagline: book.html('clinic tagline', 200, 'Tagline '),
			description: book.html('clinic description', 1000, 'A description of the clinic. ')
		});
		const locationChanges = {
			name: book.html('location name', 120, 'Main '),
			street: book.html('location street', 200, '1 Main St '),
			city: book.html('location city', 100, 'City '),
			region: book.html('location region', 100, 'WI '),
			directionsText: book.html('location directions', 1000, 'Turn left at the lake. ')
		};
		await ownerForm(
			'location directions URL (javascript:)',
			'/admin/settings/locations',
			'details',
			{ ...locationChanges, directionsUrl: book.url('location directions URL (javascript:)') }
		);
		await ownerForm('location details', '/admin/settings/locations', 'details', locationChanges);
		await ownerForm('service', '/admin/settings', 'service', {
			name: book.html('service name', 120, 'Acupuncture '),
			summary: book.html('service summary', 400, 'A summary of the service. ')
		});
		await ownerForm('room name', '/admin/settings/rooms', 'add', {
			name: book.html('room name', 60)
		});
		await ownerForm('time-off reason', '/admin/time-off', 'add', {
			practitioner: '1',
			fromDate: '2031-03-03',
			toDate: '2031-03-04',
			fromTime: '',
			toTime: '',
			reason: book.html('time-off reason', 200)
		});
		await ownerForm('consent document', '/admin/settings/consent', 'publish', {
			title: book.html('consent title', 200, 'Consent '),
			// The facts every consent must state (consent-document.ts), then the corpus.
			bodyMarkdown: book.markdown(
				'consent text (Markdown)',
				20_000,
				'About 9 in 100 patients have a minor side effect such as bruising. Serious problems happen to about 1 in 10,000 patients.\n\n'
			)
		});
		const articleTitle = book.html('article title', 120, 'Article ');
		articleSlug = 'xss-article';
		const editor = (await clinic.owner.request('/admin/articles/new')).html;
		const articleFields = withFields(readForm(editor, 'save'), {
			title: articleTitle,
			slug: articleSlug,
			authorId: '1',
			reviewerId: '2',
			lastReviewedOn: Temporal.Now.plainDateISO('America/Chicago').subtract({ days: 1 }).toString(),
			description: book.html(
				'article description',
				200,
				'A description that is long enough to pass the fifty character rule. '
			),
			body: book.markdown('article body (Markdown)', 50_000, '## Heading\n\nIntro.\n\n'),
			'reference-1-citation': book.html(
				'article reference citation',
				500,
				'Smith J. A study of things. '
			),
			// A javascript: address is refused by the editor (then posted again without it).
			'reference-1-url': book.url('article reference URL (javascript:)'),
			// The corpus cites [1] and [2].
			'reference-2-citation': 'Doe A. Another study of things, 2024.',
			'reference-2-url': 'https://doi.org/10.1000/abc'
		});
		const article = await postFields(
			clinic.owner,
			server.url,
			'/admin/articles/new?/publish',
			articleFields
		);
		record('article (title, description, Markdown body, reference)', article);
		if (article.status !== 303) {
			// A javascript: reference is refused: publish without it.
			const plainReference = withFields(articleFields, {
				'reference-1-url': 'https://doi.org/10.1000/xyz'
			});
			record(
				'article without the javascript: reference',
				await postFields(clinic.owner, server.url, '/admin/articles/new?/publish', plainReference)
			);
		}
		const grantee = /<option value="([^"]+)"[^>]*>[^<]*Mei/.exec(
			(await clinic.owner.request('/admin/emergency-access')).html
		)?.[1];
		if (grantee) {
			await ownerForm('emergency access reason', '/admin/emergency-access', 'grant', {
				staffId: grantee,
				reason: book.html('emergency access reason', 500)
			});
		}
		await ownerForm('patient contact note', `/admin/patients/${manage.patientId}`, 'preferences', {
			contactNote: book.html('patient contact note', 200)
		});
		await ownerForm(
			'cancellation reason',
			`/admin/appointments/${clinic.otherAppointmentId}`,
			'change',
			{ action: 'cancel', reason: book.html('cancellation reason', 500) }
		);

		console.log(
			`XSS seeding (${seeded.length} steps):\n  ${seeded.map((s) => `${s.field}: ${s.outcome}`).join('\n  ')}`
		);
		expect(seeded.filter((s) => s.outcome === 'stored').length).toBeGreaterThan(25);
	});

	it('lists the pages that show them', async () => {
		const visitDate = Temporal.Instant.from(
			(
				await database.db
					.selectFrom('appointment')
					.select('starts_at')
					.where('id', '=', manage.appointmentId)
					.executeTakeFirstOrThrow()
			).starts_at as string
		)
			.toZonedDateTimeISO('America/Chicago')
			.toPlainDate()
			.toString();
		const ida = await clinic.owner.request(`/admin/patients/${manage.patientId}`);
		const signature = /\/consent\/(\d+)"/.exec(ida.html)?.[1] ?? '0';
		const intake = /\/intake\/(\d+)"/.exec(ida.html)?.[1] ?? '0';
		const feedback = await database.db
			.selectFrom('feedback')
			.select('id')
			.orderBy('id', 'desc')
			.executeTakeFirstOrThrow();
		const practitioner = await database.db
			.selectFrom('practitioner')
			.select('slug')
			.where('id', '=', 1)
			.executeTakeFirstOrThrow();
		const reflected = encodeURIComponent(book.html('reflected query parameter', 200));
		const reflectedPath = pathSegment(book.html('reflected path', 100));
		const visitor: [string, string][] = [
			['home', '/'],
			['about', '/about'],
			['services', '/services'],
			['practitioners', '/practitioners'],
			['practitioner page', `/practitioners/${practitioner.slug}`],
			['contact', '/contact'],
			['articles', '/articles'],
			['article', `/articles/${articleSlug}`],
			['testimonials', '/testimonials'],
			['condition page', '/conditions/back-pain'],
			['book', '/book'],
			['book, practitioners step', '/book?service=follow-up-acupuncture'],
			[
				'book, reflected query',
				`/book?service=${reflected}&practitioner=${reflected}&date=${reflected}&start=${reflected}&month=${reflected}`
			],
			['manage', `/manage/${manage.token}`],
			['manage consent', `/manage/${manage.token}/consent`],
			['manage consent signed', `/manage/${manage.token}/consent/signed`],
			['manage intake', `/manage/${manage.token}/intake`],
			['manage intake review', `/manage/${manage.token}/intake/review`],
			['manage check-in', `/manage/${manage.token}/check-in`],
			[
				'manage reschedule, reflected',
				`/manage/${manage.token}/reschedule?date=${reflected}&start=${reflected}&practitioner=${reflected}`
			],
			['feedback', `/feedback/${feedbackToken}`],
			['feedback publish', `/feedback/${feedbackToken}/publish`],
			['404 with a reflected path', `/${reflectedPath}`],
			['article 404, reflected slug', `/articles/${reflectedPath}`]
		];
		const staff: [string, string][] = [
			['workspace home', '/admin'],
			['calendar day', `/admin/calendar?date=${visitDate}`],
			['calendar week', `/admin/calendar/week?date=${visitDate}`],
			['calendar, reflected', `/admin/calendar?date=${reflected}&columns=${reflected}`],
			['appointment', `/admin/appointments/${manage.appointmentId}`],
			['cancelled appointment', `/admin/appointments/${clinic.otherAppointmentId}`],
			['appointment move', `/admin/appointments/${manage.appointmentId}/move`],
			['patients', '/admin/patients'],
			['patients search, reflected', `/admin/patients?q=${reflected}`],
			['patients search, hit', '/admin/patients?q=ann'],
			['patient', `/admin/patients/${manage.patientId}`],
			['signed consent (staff)', `/admin/patients/${manage.patientId}/consent/${signature}`],
			['health form (staff)', `/admin/patients/${manage.patientId}/intake/${intake}`],
			['staff', '/admin/staff'],
			['time off', '/admin/time-off'],
			['settings', '/admin/settings'],
			['clinic settings', '/admin/settings/clinic'],
			['locations', '/admin/settings/locations'],
			['rooms', '/admin/settings/rooms'],
			['practitioners (staff)', '/admin/settings/practitioners'],
			['practitioner settings', '/admin/settings/practitioners/1'],
			['consent settings', '/admin/settings/consent'],
			['hours', '/admin/hours'],
			['articles (staff)', '/admin/articles'],
			['audit log', '/admin/audit'],
			[
				'audit log, reflected',
				`/admin/audit?person=${reflected}&patient=${reflected}&from=${reflected}&to=${reflected}`
			],
			['emergency access', '/admin/emergency-access'],
			['testimonials (staff)', '/admin/testimonials'],
			['testimonial (staff)', `/admin/testimonials/${feedback.id}`],
			['testimonial entries', '/admin/testimonials/entries'],
			['outcomes', '/admin/outcomes'],
			['staff booking', '/admin/book?service=follow-up-acupuncture']
		];
		const articleId = /href="\/admin\/articles\/(\d+)"[^>]*>[^<]*Article/.exec(
			(await clinic.owner.request('/admin/articles')).html
		)?.[1];
		if (articleId) staff.push(['article editor', `/admin/articles/${articleId}`]);
		pages.push(
			...visitor.map(([label, path]) => ({ label, path, as: 'visitor' as const })),
			...staff.map(([label, path]) => ({ label, path, as: 'owner' as const }))
		);
		console.log(`XSS: ${pages.length} pages to open`);
		expect(pages.length).toBeGreaterThan(50);
	});

	for (const [as, bypassCSP] of [
		['visitor', true],
		['owner', true],
		['visitor', false],
		['owner', false]
	] as const) {
		it(`no payload runs on the ${as === 'visitor' ? 'public and patient' : 'staff'} pages, ${bypassCSP ? 'with the CSP bypassed (escaping alone)' : 'with the CSP in force (no violation at all)'}`, async () => {
			const problems: string[] = [];
			const context = await newContext(bypassCSP, problems);
			if (as === 'owner') await addStaffSession(context, clinic.owner, server.url);
			const page = await context.newPage();
			try {
				for (const entry of pages.filter((candidate) => candidate.as === as)) {
					const result = await inspect(
						page,
						entry.path,
						`${entry.label}${bypassCSP ? ' (CSP bypassed)' : ''}`
					);
					opened++;
					problems.push(...result.problems);
					for (const id of result.markers) {
						if (!shownOn.has(id)) shownOn.set(id, new Set());
						shownOn.get(id)!.add(entry.label);
					}
					if (result.status >= 500) problems.push(`${entry.label}: ${result.status}`);
				}
			} finally {
				await context.close();
			}
			expect(problems, problems.slice(0, 40).join('\n')).toEqual([]);
		});
	}

	it('every stored payload was shown on some page, and the listener was never called', () => {
		const coverage = book.fields().map((field) => {
			const ids = book.issued.filter((p) => p.field === field).map((p) => p.id);
			const where = new Set(ids.flatMap((id) => [...(shownOn.get(id) ?? [])]));
			return { field, where: [...where].sort() };
		});
		console.log(
			`XSS: ${book.issued.length} payloads in ${book.fields().length} fields; ${pages.length} pages opened twice (${opened} loads); listener hits ${listenerHits.length}; off-site requests aborted (not payloads): ${[...new Set(offSite)].join(', ') || 'none'}\n  ${coverage.map((c) => `${c.field}: ${c.where.length > 0 ? c.where.join(', ') : '(not shown on any page opened)'}`).join('\n  ')}`
		);
		expect(listenerHits).toEqual([]);
		const stored = new Set(seeded.filter((s) => s.outcome === 'stored').map((s) => s.field));
		const unseen = coverage
			.filter((c) => stored.has(c.field) && c.where.length === 0)
			.map((c) => c.field);
		expect(unseen, 'stored payloads that no page showed').toEqual([]);
	});

	it('previews and re-shown forms escape what was just typed', async () => {
		const problems: string[] = [];
		const context = await newContext(true, problems);
		await addStaffSession(context, clinic.owner, server.url);
		const page = await context.newPage();
		const submit = async (
			label: string,
			path: string,
			fill: Record<string, string>,
			button: string,
			target: Page = page
		) => {
			await target.goto(`${server.url}${path}`);
			for (const [name, value] of Object.entries(fill))
				await target.locator(`[name="${name}"]`).first().fill(value);
			// The server is what checks: the browser's own form validation is switched off.
			await target.evaluate(() =>
				document.querySelectorAll('form').forEach((form) => (form.noValidate = true))
			);
			const shown = await navigate(target, () => target.locator(button).first().click());
			await target.waitForTimeout(300);
			if (shown.status >= 500) problems.push(`${label}: ${shown.status}`);
			const text = await shownText(target);
			if (!/X\d+/.test(text))
				problems.push(`${label}: what was typed is not shown again (${shown.status} ${shown.url})`);
			problems.push(...(await scan(target, label)));
		};
		await submit(
			'article preview',
			'/admin/articles/new',
			{
				title: book.html('article preview title', 120, 'Preview '),
				body: book.markdown('article preview body', 20_000)
			},
			'button[formaction="?/preview"]'
		);
		await submit(
			'consent preview',
			'/admin/settings/consent',
			{
				title: book.html('consent preview title', 200, 'Consent '),
				bodyMarkdown: book.markdown('consent preview text', 20_000)
			},
			'button[formaction="?/preview"]'
		);
		// Refused by the server (an email in use; an end before the start): the form comes back.
		await submit(
			'staff invite, refused and shown again',
			'/admin/staff',
			{ name: book.html('invite echo', 120), email: clinic.staff.account('owner').email },
			'form[action="?/invite"] button[type="submit"]'
		);
		await submit(
			'time off, refused and shown again',
			'/admin/time-off',
			{ fromDate: '2031-05-05', toDate: '2031-05-04', reason: book.html('time-off echo', 200) },
			'form[action="?/add"] button[type="submit"]'
		);
		await context.close();
		const visitorContext = await newContext(true, problems);
		const visitorPage = await visitorContext.newPage();
		await submit(
			'sign-in, refused and shown again',
			'/admin/sign-in',
			{ email: book.html('sign-in echo', 300), password: 'wrong-password-123' },
			'button[type="submit"]',
			visitorPage
		);
		const open = await apiSlots(server.url, {
			service: (
				await database.db
					.selectFrom('service')
					.select('id')
					.where('slug', '=', 'follow-up-acupuncture')
					.executeTakeFirstOrThrow()
			).id,
			from: Temporal.Now.plainDateISO('America/Chicago').add({ days: 3 }).toString(),
			to: Temporal.Now.plainDateISO('America/Chicago').add({ days: 20 }).toString()
		});
		const slot = open[0]!;
		const details = `/book?service=follow-up-acupuncture&practitioner=any&date=${clinicDate(slot.start).toString()}&start=${encodeURIComponent(utcInstant(slot.start))}`;
		await submit(
			'booking details, refused and shown again',
			details,
			{
				name: book.html('booking form echo', 120),
				email: 'not-an-email',
				note: book.html('booking form note echo', 500)
			},
			'form.details button[type="submit"]',
			visitorPage
		);
		await visitorContext.close();
		expect(problems, problems.join('\n')).toEqual([]);
	});

	it('the CSP blocks an inline script even if one got in (defence in depth)', async () => {
		const problems: string[] = [];
		const context = await newContext(false, problems);
		const page = await context.newPage();
		await page.goto(`${server.url}/`);
		const violations = await page.evaluate(async () => {
			const seen: string[] = [];
			document.addEventListener('securitypolicyviolation', (event) =>
				seen.push(event.violatedDirective)
			);
			const script = document.createElement('script');
			script.textContent = '__xss(0)';
			document.body.append(script);
			const image = document.createElement('img');
			image.setAttribute('onerror', '__xss(0)');
			image.src = 'data:,x';
			document.body.append(image);
			await new Promise((done) => setTimeout(done, 300));
			return seen;
		});
		await context.close();
		expect(
			problems.filter((p) => p.includes('__xss(0)') || p.includes('ran')),
			problems.join('\n')
		).toEqual([]);
		expect(violations.some((directive) => directive.startsWith('script-src'))).toBe(true);
	});

	it('the feed and the sitemap are well-formed XML with the payloads as text', async () => {
		const problems: string[] = [];
		const context = await newContext(false, problems);
		const page = await context.newPage();
		await page.goto(`${server.url}/robots.txt`);
		for (const path of ['/articles/feed.xml', '/sitemap.xml']) {
			const answer = await send(server.url, path);
			expect(answer.status).toBe(200);
			const found = await page.evaluate((xml) => {
				const document = new DOMParser().parseFromString(xml, 'application/xml');
				const problems: string[] = [];
				if (document.getElementsByTagName('parsererror').length > 0)
					problems.push('not well-formed');
				for (const namespace of ['http://www.w3.org/1999/xhtml', 'http://www.w3.org/2000/svg']) {
					if (document.getElementsByTagNameNS(namespace, '*').length > 0)
						problems.push(`elements in ${namespace}`);
				}
				// Atom text constructs of type html are decoded and rendered by feed readers.
				for (const element of Array.from(
					document.querySelectorAll('[type="html"], [type="xhtml"]')
				)) {
					if (/<script|onerror|onload|javascript:/i.test(element.textContent ?? ''))
						problems.push(`<${element.localName} type=html> with markup`);
				}
				return { problems, text: document.documentElement.textContent ?? '' };
			}, answer.text);
			problems.push(...found.problems.map((problem) => `${path}: ${problem}`));
			if (path.endsWith('feed.xml'))
				expect(found.text, 'the payloads are in the feed as text').toMatch(/X\d+/);
		}
		await context.close();
		expect(problems, problems.join('\n')).toEqual([]);
	});
});

/** A browser context that reports any payload that runs, any dialog and any off-site request. */
async function newContext(bypassCSP: boolean, problems: string[]): Promise<BrowserContext> {
	const context = await shared.browser.newContext({ javaScriptEnabled: true, bypassCSP });
	context.setDefaultTimeout(15_000);
	await context.exposeBinding('__xss', ({ page }, id: unknown) => {
		problems.push(`payload ${String(id)} (${book.fieldOf(Number(id))}) ran on ${page.url()}`);
	});
	await context.addInitScript(() => {
		const report = (id: unknown) =>
			(window as unknown as { __xss: (id: unknown) => void }).__xss(id);
		window.alert = (message?: unknown) => report(`alert:${String(message)}`);
		document.addEventListener('securitypolicyviolation', (event) => {
			(window as unknown as { __violations?: string[] }).__violations ??= [];
			(window as unknown as { __violations: string[] }).__violations.push(
				`${event.violatedDirective} ${event.blockedURI}`
			);
		});
	});
	// Nothing leaves the machine: requests to other hosts are aborted. One to the listener is
	// a payload that got out; others (an https image the Markdown allows) are only listed.
	const host = new URL(server.url).host;
	const listenerHost = new URL(book.listenerUrl).host;
	await context.route(
		(url) => url.protocol.startsWith('http') && url.host !== host,
		async (route) => {
			const url = new URL(route.request().url());
			if (url.host === listenerHost)
				problems.push(`payload request ${url.pathname} from ${route.request().frame().url()}`);
			else offSite.push(url.href);
			await route.abort();
		}
	);
	context.on('page', (page: Page) => {
		page.on('dialog', async (dialog) => {
			problems.push(`dialog "${dialog.message()}" on ${page.url()}`);
			await dialog.dismiss();
		});
	});
	return context;
}

/** Opens a page and returns what ran, what executable markup exists and which markers show. */
async function inspect(page: Page, path: string, label: string) {
	const response = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
	// Handlers such as onerror and ontoggle fire within a moment of the load.
	await page.waitForTimeout(100);
	const problems = await scan(page, label);
	const text = await shownText(page);
	const markers = [...text.matchAll(/X(\d+)/g)].map((match) => Number(match[1]));
	return { status: response?.status() ?? 0, problems, markers };
}

/** Executable markup in the DOM, and CSP violations: none may exist on our pages. */
async function scan(page: Page, label: string): Promise<string[]> {
	const found = await page.evaluate(() => {
		const problems: string[] = [];
		for (const element of Array.from(document.querySelectorAll('*'))) {
			const tag = element.localName;
			for (const attribute of Array.from(element.attributes)) {
				if (/^on/i.test(attribute.name)) problems.push(`<${tag} ${attribute.name}>`);
				if (
					/^(href|src|action|formaction|data|srcdoc|xlink:href)$/i.test(attribute.name) &&
					/^\s*(javascript|vbscript|data:text\/html)/i.test(attribute.value)
				) {
					problems.push(`<${tag} ${attribute.name}="${attribute.value.slice(0, 40)}">`);
				}
			}
			if (['iframe', 'object', 'embed', 'base', 'frame', 'applet'].includes(tag))
				problems.push(`<${tag}>`);
			if (tag === 'meta' && /refresh/i.test(element.getAttribute('http-equiv') ?? ''))
				problems.push('<meta http-equiv=refresh>');
			if (tag === 'script') {
				const type = element.getAttribute('type');
				const src = element.getAttribute('src');
				if (type !== 'application/ld+json' && src !== '/admin-idle.js')
					problems.push(
						`<script ${type ?? ''} ${src ?? ''}>${(element.textContent ?? '').slice(0, 40)}`
					);
			}
			if (tag === 'style') problems.push('<style>');
			if (tag === 'link' && /stylesheet/.test(element.getAttribute('rel') ?? '')) {
				const href = new URL(element.getAttribute('href') ?? '', location.href);
				const own =
					href.origin === location.origin &&
					/^\/(_app\/immutable\/|error\.css)/.test(href.pathname);
				if (!own) problems.push(`<link stylesheet ${href.href}>`);
			}
		}
		const violations = (window as unknown as { __violations?: string[] }).__violations ?? [];
		return { problems, violations };
	});
	return [
		...found.problems.map((problem) => `${label}: executable markup ${problem}`),
		// A blocked https image (the Markdown allows images; the policy allows only our own) is
		// not script; anything else the policy had to stop means markup got in.
		...found.violations
			.filter((violation) => !/^img-src https:\/\//.test(violation))
			.map((violation) => `${label}: CSP violation ${violation}`)
	];
}

/** What a page shows: its title, its text and the values in its form fields. */
function shownText(page: Page): Promise<string> {
	return page.evaluate(() => {
		const values = Array.from(document.querySelectorAll('input, textarea')).map(
			(field) => (field as HTMLInputElement | HTMLTextAreaElement).value
		);
		return [document.title, document.body?.innerText ?? '', ...values].join('\n');
	});
}
