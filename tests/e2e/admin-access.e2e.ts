// Every staff page and form action, for every role and for a signed-out visitor: who gets in
// and who is refused, checked on the server. The list of pages is read from src/routes/admin,
// so a new page without an entry here fails this test until its access is decided.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffRole } from '../../src/lib/domain/staff/roles';
import { FormClient } from '../support/form-client';
import { projectRoot, startServer, type RunningServer } from '../support/server';
import { submitIntakeOverHttp } from '../support/intake';
import { staffSignIn } from '../support/staff-sign-in';
import { seedFeedback } from '../support/staff-feedback';

type Expectation = 'ok' | 'forbidden';
const everyone: Record<StaffRole, Expectation> = {
	owner: 'ok',
	practitioner: 'ok',
	front_desk: 'ok'
};
const ownerOnly: Record<StaffRole, Expectation> = {
	owner: 'ok',
	practitioner: 'forbidden',
	front_desk: 'forbidden'
};
/** Roles that read clinical content (`patients.clinical`): never the front desk. */
const cliniciansReview: Record<StaffRole, Expectation> = {
	owner: 'ok',
	practitioner: 'ok',
	front_desk: 'forbidden'
};
/** Roles that read health forms (`forms.clinical`): practitioners and the owner. */
const formReaders: Record<StaffRole, Expectation> = {
	owner: 'ok',
	practitioner: 'ok',
	front_desk: 'forbidden'
};

/** Staff pages (route ids) and who may open them once signed in. */
const pages: Record<string, { path: string; access: Record<StaffRole, Expectation> | 'public' }> = {
	'/admin': { path: '/admin', access: everyone },
	'/admin/calendar': { path: '/admin/calendar', access: everyone },
	'/admin/calendar/week': { path: '/admin/calendar/week', access: everyone },
	'/admin/book': { path: '/admin/book', access: everyone },
	'/admin/appointments/[id]': { path: '/admin/appointments/{appointment}', access: everyone },
	'/admin/appointments/[id]/move': {
		path: '/admin/appointments/{appointment}/move',
		access: everyone
	},
	'/admin/emergency-access': { path: '/admin/emergency-access', access: ownerOnly },
	'/admin/patients': { path: '/admin/patients', access: everyone },
	'/admin/patients/[id]': { path: '/admin/patients/{patient}', access: everyone },
	// A signed consent is not clinical content: everyone who sees form status may print it.
	'/admin/patients/[id]/consent/[signatureId]': {
		path: '/admin/patients/{patient}/consent/{signature}',
		access: everyone
	},
	'/admin/patients/[id]/intake/[intakeId]': {
		path: '/admin/patients/{patient}/intake/{intake}',
		access: formReaders
	},
	'/admin/audit': { path: '/admin/audit', access: ownerOnly },
	'/admin/outcomes': { path: '/admin/outcomes', access: ownerOnly },
	'/admin/staff': { path: '/admin/staff', access: ownerOnly },
	'/admin/time-off': { path: '/admin/time-off', access: ownerOnly },
	'/admin/settings': { path: '/admin/settings', access: ownerOnly },
	'/admin/setup-clinic': { path: '/admin/setup-clinic', access: ownerOnly },
	'/admin/settings/clinic': { path: '/admin/settings/clinic', access: ownerOnly },
	'/admin/settings/locations': { path: '/admin/settings/locations', access: ownerOnly },
	'/admin/settings/rooms': { path: '/admin/settings/rooms', access: ownerOnly },
	'/admin/settings/practitioners': { path: '/admin/settings/practitioners', access: ownerOnly },
	'/admin/settings/practitioners/[id]': {
		path: '/admin/settings/practitioners/1',
		access: ownerOnly
	},
	'/admin/settings/consent': { path: '/admin/settings/consent', access: ownerOnly },
	'/admin/settings/backups': { path: '/admin/settings/backups', access: ownerOnly },
	'/admin/hours': { path: '/admin/hours', access: ownerOnly },
	'/admin/import': { path: '/admin/import', access: ownerOnly },
	// Every role moderates testimonials (`testimonials.moderate`); the policy is the owner's.
	'/admin/testimonials': { path: '/admin/testimonials', access: everyone },
	'/admin/testimonials/[id]': { path: '/admin/testimonials/{feedback}', access: everyone },
	'/admin/testimonials/policy': { path: '/admin/testimonials/policy', access: ownerOnly },
	'/admin/testimonials/entries': { path: '/admin/testimonials/entries', access: everyone },
	'/admin/testimonials/entries/new': { path: '/admin/testimonials/entries/new', access: everyone },
	'/admin/articles': { path: '/admin/articles', access: ownerOnly },
	'/admin/articles/new': { path: '/admin/articles/new', access: ownerOnly },
	'/admin/articles/[id]': { path: '/admin/articles/1', access: ownerOnly },
	'/admin/conditions': { path: '/admin/conditions', access: ownerOnly },
	'/admin/conditions/[id]': { path: '/admin/conditions/1', access: ownerOnly },
	'/admin/enrol': { path: '/admin/enrol', access: everyone },
	'/admin/sign-in': { path: '/admin/sign-in', access: 'public' },
	'/admin/code': { path: '/admin/code', access: 'public' },
	'/admin/setup/[token]': { path: '/admin/setup/not-a-real-token-00000000', access: 'public' }
};

/** Form actions that change something, with a harmless body, and who may use them. */
const actions: {
	path: string;
	body: Record<string, string>;
	access: Record<StaffRole, Expectation>;
}[] = [
	{ path: '/admin/staff?/invite', body: { name: 'A', email: 'bad' }, access: ownerOnly },
	{ path: '/admin/staff?/change', body: { id: 'nobody', action: 'deactivate' }, access: ownerOnly },
	{ path: '/admin/time-off?/add', body: { reason: '' }, access: ownerOnly },
	{ path: '/admin/time-off?/remove', body: { id: '0' }, access: ownerOnly },
	{ path: '/admin/settings?/policy', body: { slotStepMinutes: 'x' }, access: ownerOnly },
	{ path: '/admin/settings?/service', body: { id: 'x' }, access: ownerOnly },
	// No name or open/closed choice: refused, so the owner's walk adds and switches nothing.
	{ path: '/admin/settings?/addService', body: { name: '' }, access: ownerOnly },
	{ path: '/admin/settings/locations?/add', body: { name: '' }, access: ownerOnly },
	{ path: '/admin/settings/practitioners?/add', body: { name: '' }, access: ownerOnly },
	{ path: '/admin/setup-clinic?/booking', body: { open: 'maybe' }, access: ownerOnly },
	{ path: '/admin/settings/clinic?/profile', body: { name: '' }, access: ownerOnly },
	// Unticked: the setting stays off (its default), so the owner's walk changes nothing.
	{ path: '/admin/settings/clinic?/clinicalAccess', body: {}, access: ownerOnly },
	{ path: '/admin/settings/locations?/details', body: { id: 'x' }, access: ownerOnly },
	{ path: '/admin/settings/locations?/addHours', body: { weekday: '9' }, access: ownerOnly },
	{ path: '/admin/settings/locations?/removeHours', body: { id: '0' }, access: ownerOnly },
	{ path: '/admin/settings/rooms?/add', body: { name: '' }, access: ownerOnly },
	{ path: '/admin/settings/rooms?/update', body: { id: 'x' }, access: ownerOnly },
	{ path: '/admin/settings/rooms?/retire', body: { id: '0' }, access: ownerOnly },
	{ path: '/admin/settings/rooms?/reinstate', body: { id: '0' }, access: ownerOnly },
	{ path: '/admin/settings/practitioners/1?/profile', body: { name: '' }, access: ownerOnly },
	// No service ticked: refused for an active practitioner, so the owner's walk changes nothing.
	{ path: '/admin/settings/practitioners/1?/services', body: {}, access: ownerOnly },
	{ path: '/admin/settings/practitioners/1?/active', body: { active: 'maybe' }, access: ownerOnly },
	// No title or text: refused, so the owner's walk publishes no consent version.
	{ path: '/admin/settings/consent?/preview', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/settings/consent?/publish', body: { title: '' }, access: ownerOnly },
	// Nothing kept at all: refused, so the owner's walk changes no retention setting.
	{
		path: '/admin/settings/backups?/retention',
		body: { dailyBackupsKept: '0', sentEmailDays: '0' },
		access: ownerOnly
	},
	{ path: '/admin/hours?/add', body: { weekday: '9' }, access: ownerOnly },
	{ path: '/admin/hours?/remove', body: { id: '0' }, access: ownerOnly },
	// No file, no draft: refused or expired, so the owner's walk imports nothing.
	{ path: '/admin/import?/upload', body: { kind: 'patients' }, access: ownerOnly },
	{ path: '/admin/import?/review', body: { draft: 'x' }, access: ownerOnly },
	{ path: '/admin/import?/confirm', body: { draft: 'x' }, access: ownerOnly },
	{ path: '/admin/import?/discard', body: { draft: 'x' }, access: ownerOnly },
	// An empty title is refused, so the owner's walk saves and publishes nothing.
	{ path: '/admin/articles/new?/save', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/articles/new?/preview', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/articles/new?/publish', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/articles/1?/save', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/articles/1?/preview', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/articles/1?/publish', body: { title: '' }, access: ownerOnly },
	{ path: '/admin/articles/999999?/unpublish', body: {}, access: ownerOnly },
	// The demo clinic has no shipped pages to add; an empty name is refused; no page 999999.
	{ path: '/admin/conditions?/shipped', body: {}, access: ownerOnly },
	{ path: '/admin/conditions/1?/save', body: { name: '' }, access: ownerOnly },
	{ path: '/admin/conditions/1?/publish', body: { name: '' }, access: ownerOnly },
	{ path: '/admin/conditions/999999?/unpublish', body: {}, access: ownerOnly },
	// The demo clinic is offered no shipped drafts (it has the articles): refused, adds nothing.
	{ path: '/admin/articles?/shipped', body: { author: '0' }, access: ownerOnly },
	{
		path: '/admin/appointments/{appointment}?/change',
		body: { action: 'nothing' },
		access: everyone
	},
	// No note: refused, so the walk clears no flag.
	{
		path: '/admin/appointments/{appointment}?/review',
		body: { note: '' },
		access: cliniciansReview
	},
	{ path: '/admin/book?/book', body: { name: '' }, access: everyone },
	// No time chosen: refused, so the walk moves nothing.
	{
		path: '/admin/appointments/{appointment}/move?/move',
		body: { start: 'x', practitioner: 'any' },
		access: everyone
	},
	{ path: '/admin/emergency-access?/grant', body: { staffId: '' }, access: ownerOnly },
	{ path: '/admin/emergency-access?/revoke', body: { id: '0' }, access: ownerOnly },
	// Not confirmed: refused, so the owner's walk publishes nothing (and nothing is published to
	// take down).
	{ path: '/admin/outcomes?/publish', body: {}, access: ownerOnly },
	{ path: '/admin/outcomes?/unpublish', body: {}, access: ownerOnly },
	// No decision, no note, no share, no attestation, no such entry: refused, so the walk
	// publishes, revokes, changes and enters nothing.
	{ path: '/admin/testimonials/{feedback}?/decide', body: { decision: '' }, access: everyone },
	{ path: '/admin/testimonials/{feedback}?/revoke', body: { note: '' }, access: everyone },
	{ path: '/admin/testimonials/policy?/save', body: { 'sample-percent': 'x' }, access: ownerOnly },
	{ path: '/admin/testimonials/entries/new?/enter', body: { rating: '9' }, access: everyone },
	{ path: '/admin/testimonials/entries?/withdraw', body: { id: '0' }, access: everyone },
	{ path: '/admin/patients/{patient}?/contact', body: { version: '0' }, access: everyone },
	{ path: '/admin/patients/{patient}?/preferences', body: { version: '0' }, access: everyone },
	// Last: the visit is days away, so kiosk mode is refused and nobody is signed out mid-walk.
	{ path: '/admin/appointments/{appointment}?/kiosk', body: {}, access: everyone }
];

function routeIds(): string[] {
	const root = join(projectRoot, 'src/routes/admin');
	const found: string[] = [];
	for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
		if (entry.isFile() && entry.name === '+page.svelte') {
			const folder = relative(root, entry.parentPath);
			found.push(folder ? `/admin/${folder.split('\\').join('/')}` : '/admin');
		}
	}
	return found.sort();
}

let server: RunningServer;
let ids = { appointment: '1', patient: '1', signature: '1', intake: '1', feedback: '1' };
let signIn: ReturnType<typeof staffSignIn>;

beforeAll(async () => {
	server = await startServer();
	signIn = staffSignIn(server.url);
	// One appointment to point the pages at.
	const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
		services: { id: number; slug: string }[];
	};
	const serviceId = services.services.find((entry) => entry.slug === 'follow-up-acupuncture')?.id;
	const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
	const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
	const open = (await (
		await fetch(`${server.url}/api/v1/availability?service=${serviceId}&from=${from}&to=${to}`)
	).json()) as { slots: { start: string; practitionerId: number }[] };
	const slot = open.slots[0];
	const booked = (await (
		await fetch(`${server.url}/api/v1/bookings`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'idempotency-key': 'access-walk-0001' },
			body: JSON.stringify({
				serviceId,
				practitionerId: slot?.practitionerId,
				start: slot?.start,
				patient: { name: 'Ida Access', email: 'ida@example.com', phone: '(414) 555-0111' },
				newPatient: false
			})
		})
	).json()) as { id: number; manageUrl: string };
	// Ida signs the consent from her link, for the staff's printable view of it.
	const consentPath = `${new URL(booked.manageUrl).pathname}/consent`;
	const patientBrowser = new FormClient(server.url);
	const consentPage = await patientBrowser.request(consentPath);
	await patientBrowser.request(`${consentPath}?/sign`, {
		document: /name="document" value="(\d+)"/.exec(consentPage.html)?.[1] ?? '',
		'signature-name': 'Ida Access',
		agree: 'yes'
	});
	const owner = await signIn('owner');
	const patients = await owner.request('/admin/patients?q=ida');
	const patient = /href="\/admin\/patients\/(\d+)"/.exec(patients.html)?.[1] ?? '1';
	const patientPage = await owner.request(`/admin/patients/${patient}`);
	const signature = /\/consent\/(\d+)"/.exec(patientPage.html)?.[1] ?? '1';
	// Ida sends her health form, for the clinical staff's read-only view of it.
	await submitIntakeOverHttp(booked.manageUrl);
	const withIntake = await owner.request(`/admin/patients/${patient}`);
	const intake = /\/intake\/(\d+)"/.exec(withIntake.html)?.[1] ?? '1';
	// Ida's feedback, with her permission to publish, for the moderation page.
	const { feedbackId } = await seedFeedback(server.dataDir, {
		appointmentId: booked.id,
		rating: 2,
		words: 'The front desk was kind, but the needles hurt more than I expected.',
		permission: { displayName: 'Ida A.' }
	});
	ids = {
		appointment: String(booked.id),
		patient,
		signature,
		intake,
		feedback: String(feedbackId)
	};
}, 90_000);
afterAll(async () => {
	await server?.stop();
});

const fill = (path: string) =>
	path
		.replace('{appointment}', ids.appointment)
		.replace('{patient}', ids.patient)
		.replace('{signature}', ids.signature)
		.replace('{intake}', ids.intake)
		.replace('{feedback}', ids.feedback);

describe('access to the staff workspace', () => {
	it('has a decision for every staff page', () => {
		expect(routeIds()).toEqual(Object.keys(pages).sort());
	});

	it('sends a signed-out visitor to sign in from every page and action, except the sign-in pages', async () => {
		const visitor = new FormClient(server.url);
		for (const [id, page] of Object.entries(pages)) {
			const answer = await visitor.request(fill(page.path));
			if (page.access === 'public') {
				expect([200, 404], id).toContain(answer.response.status);
			} else {
				expect(answer.response.status, id).toBe(303);
				expect(answer.response.headers.get('location'), id).toBe('/admin/sign-in');
			}
		}
		for (const action of actions) {
			const answer = await visitor.request(fill(action.path), action.body);
			expect(answer.response.status, action.path).toBe(303);
			expect(answer.response.headers.get('location'), action.path).toBe('/admin/sign-in');
		}
	});

	it.each(['owner', 'practitioner', 'front_desk'] as const)(
		'lets a %s open exactly the pages and actions of their role',
		async (role) => {
			const client = await signIn(role);
			for (const [id, page] of Object.entries(pages)) {
				if (page.access === 'public' || id === '/admin/enrol') continue;
				const answer = await client.request(fill(page.path));
				const expected = page.access[role] === 'ok' ? 200 : 403;
				expect(answer.response.status, `${role} ${id}`).toBe(expected);
			}
			for (const action of actions) {
				const answer = await client.request(fill(action.path), action.body);
				if (action.access[role] === 'forbidden') {
					expect(answer.response.status, `${role} ${action.path}`).toBe(403);
				} else {
					expect(answer.response.status, `${role} ${action.path}`).not.toBe(403);
					expect(answer.response.status, `${role} ${action.path}`).toBeLessThan(500);
				}
			}
		}
	);
});

describe('"practitioners see the clinical records of their own patients only" (ADR 0032)', () => {
	it('keeps another practitioner’s patient’s health form from a practitioner while the owner has it on', async () => {
		// Ola books with Daniel Brandt and sends her health form; the demo practitioner is Mei Lin.
		const practitioners = (await (await fetch(`${server.url}/api/v1/practitioners`)).json()) as {
			practitioners: { id: number; slug: string }[];
		};
		const daniel = practitioners.practitioners.find((entry) => entry.slug === 'daniel-brandt');
		const services = (await (await fetch(`${server.url}/api/v1/services`)).json()) as {
			services: { id: number; slug: string }[];
		};
		const serviceId = services.services.find((entry) => entry.slug === 'follow-up-acupuncture')?.id;
		const from = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
		const to = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
		const open = (await (
			await fetch(
				`${server.url}/api/v1/availability?service=${serviceId}&practitioner=${daniel?.id}&from=${from}&to=${to}`
			)
		).json()) as { slots: { start: string }[] };
		const booked = (await (
			await fetch(`${server.url}/api/v1/bookings`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'idempotency-key': 'access-walk-0002' },
				body: JSON.stringify({
					serviceId,
					practitionerId: daniel?.id,
					start: open.slots[0]?.start,
					patient: { name: 'Ola Other', email: 'ola@example.com', phone: '(414) 555-0112' },
					newPatient: true
				})
			})
		).json()) as { id: number; manageUrl: string };
		await submitIntakeOverHttp(booked.manageUrl);
		const owner = await signIn('owner');
		const found = await owner.request('/admin/patients?q=ola');
		const patient = /href="\/admin\/patients\/(\d+)"/.exec(found.html)?.[1];
		const page = await owner.request(`/admin/patients/${patient}`);
		const intakePath = `/admin/patients/${patient}/intake/${/\/intake\/(\d+)"/.exec(page.html)?.[1]}`;
		const practitioner = await signIn('practitioner');
		const setting = (on: boolean) =>
			owner.request('/admin/settings/clinic?/clinicalAccess', on ? { ownPatientsOnly: 'on' } : {});
		try {
			expect((await practitioner.request(intakePath)).response.status).toBe(200);
			expect((await setting(true)).response.status).toBe(303);
			expect((await practitioner.request(intakePath)).response.status).toBe(403);
			const withheld = await practitioner.request(`/admin/patients/${patient}`);
			expect(withheld.response.status).toBe(200);
			expect(withheld.html).toContain('id="clinical-withheld"');
			expect(withheld.html).not.toContain(`/intake/`);
			// The owner still reads it.
			expect((await owner.request(intakePath)).response.status).toBe(200);
		} finally {
			expect((await setting(false)).response.status).toBe(303);
		}
		expect((await practitioner.request(intakePath)).response.status).toBe(200);
	});
});
