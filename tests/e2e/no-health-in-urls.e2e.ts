// No health hint in any address (issue 12, ADR 0032): a patient walks the back pain check, a
// booking, the whole health form (with a warning sign, a blood thinner and a pregnancy), the
// consent and the manage pages, as a browser without JavaScript would; every address requested,
// every redirect and every link or form on the pages seen is checked. Paths must be one of the
// site's fixed routes (the only patient-specific part is the link's token) and query strings
// may carry only known, health-neutral keys with no health words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redFlagQuestions } from '../../src/lib/domain/intake/red-flags';
import { intakeSteps } from '../../src/lib/domain/intake/intake-steps';
import { bookFollowUp } from '../support/api-follow-up';
import { FormClient } from '../support/form-client';
import type { FormValues } from '../../src/lib/domain/intake/form-values';
import { postedIntake } from '../support/intake';
import { startServer, type RunningServer } from '../support/server';

let server: RunningServer;
beforeAll(async () => {
	server = await startServer();
}, 90_000);
afterAll(async () => {
	await server?.stop();
});

const healthWords =
	/advice|flag|emergenc|urgent|same.?day|within.?days|outcome|screen|pain|pregnan|anticoag|apixaban|blood|medic|condition|contraind|precaution|warning|nprs|peg|psfs|score|cancer|fever|red/i;
const steps = intakeSteps.map((step) => step.id).join('|');
/** Every patient-facing address the walk may produce; TOKEN stands for a link's token. */
const routes = [
	/^\/$/,
	/^\/back-pain-check$/,
	/^\/book$/,
	/^\/manage\/TOKEN$/,
	/^\/manage\/TOKEN\/reschedule$/,
	/^\/manage\/TOKEN\/consent(\/signed)?$/,
	/^\/manage\/TOKEN\/check-in$/,
	new RegExp(`^/manage/TOKEN/intake(/(${steps}|review))?$`),
	// The patient's own page and its sign-in (ADR 0030): ids and tokens only.
	/^\/account(\/sign-in(\/TOKEN)?|\/(forms|consent|visits)\/\d+(\/move)?)?$/,
	/^\/(services|practitioners|conditions|articles|testimonials|contact|about|privacy|outcomes)(\/[a-z0-9-]+)?$/,
	/^\/(favicon\.\w+|_app\/.*|robots\.txt|sitemap\.xml|articles\/feed\.xml)$/
];
/** Query keys that say nothing about health: booking choices and one-time notices. */
const neutralKeys = new Set([
	'service',
	'practitioner',
	'month',
	'date',
	'start',
	'booked',
	'moved',
	'cancel',
	'submitted',
	'signed'
]);

/** What is wrong with one address, or null. */
function problemWith(address: string, base: string, token: string): string | null {
	const url = new URL(address, base);
	if (url.origin !== new URL(base).origin || url.protocol === 'tel:') return null;
	const path = decodeURIComponent(url.pathname).split(token).join('TOKEN');
	if (!routes.some((route) => route.test(path))) return `unexpected path ${path}`;
	for (const [key, value] of url.searchParams) {
		// A form action ("?/save") is a route's action name, the same for every patient.
		if (key.startsWith('/') && value === '') continue;
		if (!neutralKeys.has(key)) return `query key "${key}" in ${path}${url.search}`;
		if (healthWords.test(key) || healthWords.test(value)) return `health word in ${url.search}`;
	}
	return null;
}

/** The links and form actions of a page. */
function addressesIn(html: string): string[] {
	return [...html.matchAll(/\s(?:href|action)="([^"]*)"/g)].map((match) =>
		(match[1] ?? '').replaceAll('&amp;', '&')
	);
}

describe('the patient-facing flows', () => {
	it('put no health hint in any address, the warning-sign advice included', async () => {
		const visited: string[] = [];
		const browser = new FormClient(server.url);
		/** Requests a page (or posts a form), keeping the address, redirect and page links. */
		const go = async (path: string, form?: FormValues) => {
			visited.push(path);
			let body: Record<string, string> | undefined;
			let answer;
			if (form && Object.values(form).some(Array.isArray)) {
				// Several values for a name (checkboxes): post them as a browser does.
				const params = new URLSearchParams();
				for (const [name, value] of Object.entries(form)) {
					const items: readonly (string | undefined)[] = Array.isArray(value) ? value : [value];
					for (const item of items) if (item !== undefined) params.append(name, item);
				}
				const response = await fetch(`${server.url}${path}`, {
					method: 'POST',
					redirect: 'manual',
					headers: {
						cookie: [...browser.jar].map(([k, v]) => `${k}=${v}`).join('; '),
						origin: server.url,
						accept: 'text/html',
						'content-type': 'application/x-www-form-urlencoded'
					},
					body: params.toString()
				});
				for (const line of response.headers.getSetCookie()) {
					const [pair] = line.split(';');
					const at = pair!.indexOf('=');
					if (/max-age=0/i.test(line)) browser.jar.delete(pair!.slice(0, at));
					else browser.jar.set(pair!.slice(0, at), pair!.slice(at + 1));
				}
				answer = { response, html: await response.text() };
			} else {
				body = form as Record<string, string> | undefined;
				answer = await browser.request(path, body);
			}
			const location = answer.response.headers.get('location');
			if (location) visited.push(location);
			visited.push(...addressesIn(answer.html));
			return { ...answer, location };
		};

		// The back pain check with a warning sign, then booking from its link.
		await go('/back-pain-check');
		const answers = Object.fromEntries(
			redFlagQuestions.map((question) => [question.id, question.id === 'upper-back' ? 'yes' : 'no'])
		);
		const checked = await go('/back-pain-check?/screen', answers);
		expect(checked.html).toContain('data-outcome="within_days"');
		await go('/book?service=initial-acupuncture');

		// A booking, and its manage pages.
		const booked = await bookFollowUp(server.url, {
			patient: { name: 'Una Walker', email: 'una@example.com', phone: '(414) 555-0177' },
			idempotencyKey: 'no-health-in-urls-1'
		});
		const manage = new URL(booked.manageUrl).pathname;
		const token = manage.split('/').pop() ?? '';
		await go(manage);
		await go(`${manage}?cancel=1`);
		await go(`${manage}/reschedule`);

		// The whole health form: a warning sign (advice shown), a blood thinner, a pregnancy.
		await go(`${manage}/intake`);
		for (const step of intakeSteps.map((entry) => entry.id)) {
			await go(`${manage}/intake/${step}`);
			const saved = await go(`${manage}/intake/${step}?/save`, postedIntake[step]);
			expect(saved.response.status, step).toBe(303);
			if (step === 'red-flags') {
				// The advice is shown on the step's own address, flagged by a cookie.
				expect(saved.location).toBe(`${manage}/intake/red-flags`);
				const advice = await go(saved.location!);
				expect(advice.html).toContain('Please see your doctor first');
				// Once: a later visit to the step does not show it again.
				expect((await go(saved.location!)).html).not.toContain('Please see your doctor first');
			}
		}
		const submitted = await go(`${manage}/intake/review?/submit`, {});
		expect(submitted.response.status).toBe(303);
		await go(submitted.location!);

		// The consent, signed, and its printable copy; the check-in page.
		const consent = await go(`${manage}/consent`);
		const signed = await go(`${manage}/consent?/sign`, {
			document: /name="document" value="(\d+)"/.exec(consent.html)?.[1] ?? '',
			'signature-name': 'Una Walker',
			agree: 'yes'
		});
		expect(signed.response.status).toBe(303);
		await go(signed.location!);
		await go(`${manage}/consent/signed`);
		await go(`${manage}/check-in`);

		const problems = [...new Set(visited)]
			.map((address) => problemWith(address, server.url, token))
			.filter((problem): problem is string => problem !== null);
		console.log(`addresses checked: ${new Set(visited).size}`);
		expect(problems).toEqual([]);
	}, 120_000);
});
