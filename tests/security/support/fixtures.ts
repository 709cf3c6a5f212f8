// The records the security suites point their requests at, made through the application's
// own forms and API where that is how they come about: a booked visit with its manage link, a
// signed consent and a submitted health form, a patient invited to give feedback (and one who
// gave it and signed the permission, with the revoke link from their email), a staff setup
// link, and the owner signed in.
import { Temporal } from 'temporal-polyfill';
import { connect } from '../../../src/lib/server/db/connection';
import { demoIds, testPatient } from '../../support/booking';
import { bookFollowUp } from '../../support/api-follow-up';
import { mailTo, waitForEmails } from '../../support/e2e-booking';
import { invitePatientForFeedback } from '../../support/feedback';
import { FormClient } from '../../support/form-client';
import { submitIntakeOverHttp } from '../../support/intake';
import type { RunningServer } from '../../support/server';
import { seedFeedback } from '../../support/staff-feedback';
import { StaffAccounts } from './staff';

export interface ClinicFixtures {
	staff: StaffAccounts;
	owner: FormClient;
	appointmentId: number;
	patientId: number;
	manageToken: string;
	manageUrl: string;
	/** A second patient's booking, for "another patient's token" checks. */
	otherManageToken: string;
	otherAppointmentId: number;
	/** An invitation to give feedback, not used yet. */
	feedbackToken: string;
	/** Feedback given with permission signed: its invitation, and the revoke link's token. */
	givenFeedbackToken: string;
	revokeToken: string;
	/** Feedback for the moderation pages (seeded on the database). */
	feedbackId: number;
	/** A one-time staff setup link's token (an invited front-desk member). */
	setupToken: string;
}

const manageTokenOf = (url: string) => /\/manage\/([A-Za-z0-9_-]{43})/.exec(url)?.[1] ?? '';

async function expectStatus(what: string, response: Response, ...statuses: number[]) {
	if (!statuses.includes(response.status)) {
		throw new Error(
			`${what} answered ${response.status}: ${(await response.text()).slice(0, 300)}`
		);
	}
}

/** Posts a form as the patient's browser would (same origin, no cookies). */
async function postForm(base: string, path: string, fields: Record<string, string>) {
	return fetch(`${base}${path}`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: base,
			accept: 'text/html',
			'content-type': 'application/x-www-form-urlencoded'
		},
		body: new URLSearchParams(fields).toString()
	});
}

export async function prepareClinic(
	server: RunningServer,
	options: { label?: string } = {}
): Promise<ClinicFixtures> {
	const label = options.label ?? 'sec';
	const base = server.url;
	const booked = await bookFollowUp(base, {
		patient: { name: 'Ida Secure', email: `ida-${label}@example.com`, phone: '(414) 555-0111' },
		idempotencyKey: `${label}-fixture-ida-0001`
	});
	const other = await bookFollowUp(base, {
		patient: { name: 'Otto Other', email: `otto-${label}@example.com`, phone: '(414) 555-0112' },
		idempotencyKey: `${label}-fixture-otto-0001`
	});
	const manageToken = manageTokenOf(booked.manageUrl);

	// Ida signs the consent and sends her health form from her link.
	const consentPath = `/manage/${manageToken}/consent`;
	const consentPage = await (await fetch(`${base}${consentPath}`)).text();
	const signed = await postForm(base, `${consentPath}?/sign`, {
		document: /name="document" value="(\d+)"/.exec(consentPage)?.[1] ?? '',
		'signature-name': 'Ida Secure',
		agree: 'yes'
	});
	await expectStatus('signing the consent', signed, 303);
	await submitIntakeOverHttp(`${base}/manage/${manageToken}`);

	const staff = new StaffAccounts(base);
	const owner = await staff.signIn('owner');
	const patients = await owner.request('/admin/patients?q=ida');
	const patientId = Number(/href="\/admin\/patients\/(\d+)"/.exec(patients.html)?.[1] ?? 0);
	if (!patientId) throw new Error('Ida is not in the patient list');

	// A staff member invited by the owner: the setup link comes in their email.
	const invited = await owner.request('/admin/staff?/invite', {
		name: 'Sam Setup',
		email: `sam-${label}@example.com`,
		role: 'front_desk'
	});
	if (invited.response.status !== 303) {
		throw new Error(`inviting a staff member answered ${invited.response.status}`);
	}

	const handle = connect({ databaseUrl: null, dataDir: server.dataDir });
	try {
		const db = handle.db;
		// The outbox keeps no text once an email is sent: the link is read from the email.
		const [invite] = await waitForEmails(
			server.dataDir,
			mailTo(`sam-${label}@example.com`, /staff account/i)
		);
		const setupToken = /\/admin\/setup\/([A-Za-z0-9_-]{20,100})/.exec(invite?.text ?? '')?.[1];
		if (!setupToken) throw new Error('the staff invitation has no setup link');

		const ids = await demoIds(db);
		const now = Temporal.Now.instant();
		const feedbackToken = await invitePatientForFeedback(db, ids, `${label}-fresh`, now, {
			serverDataDir: server.dataDir
		});
		const givenKey = `${label}-given`;
		const givenFeedbackToken = await invitePatientForFeedback(db, ids, givenKey, now, {
			serverDataDir: server.dataDir
		});
		const gave = await postForm(base, `/feedback/${givenFeedbackToken}?/give`, {
			rating: '4',
			words: 'Kind people and my back is a lot better after four visits.',
			condition: ''
		});
		await expectStatus('giving feedback', gave, 303);
		const publishPath = `/feedback/${givenFeedbackToken}/publish`;
		const publishPage = await (await fetch(`${base}${publishPath}`)).text();
		const permitted = await postForm(base, `${publishPath}?/sign`, {
			document: /name="document" value="(\d+)"/.exec(publishPage)?.[1] ?? '',
			naming: 'first_name_last_initial',
			connection: 'none',
			'connection-description': '',
			'signature-name': testPatient(givenKey).name,
			agree: 'yes'
		});
		await expectStatus('signing the permission to publish', permitted, 303, 200);
		const [confirmation] = await waitForEmails(
			server.dataDir,
			mailTo(testPatient(givenKey).email, /permission to publish/i)
		);
		const revokeToken =
			/\/testimonials\/revoke\/([A-Za-z0-9_-]{43})/.exec(confirmation?.text ?? '')?.[1] ?? '';
		if (!revokeToken) throw new Error('the permission email has no revoke link');
		const { feedbackId } = await seedFeedback(server.dataDir, {
			appointmentId: booked.id,
			rating: 3,
			words: 'Helpful, though the waiting room was cold.',
			permission: { displayName: 'Ida S.' }
		});
		return {
			staff,
			owner,
			appointmentId: booked.id,
			patientId,
			manageToken,
			manageUrl: booked.manageUrl,
			otherManageToken: manageTokenOf(other.manageUrl),
			otherAppointmentId: other.id,
			feedbackToken,
			givenFeedbackToken,
			revokeToken,
			feedbackId,
			setupToken
		};
	} finally {
		await handle.close();
	}
}

/** Whether a client's staff session still works (the workspace home answers 200). */
export async function stillSignedIn(client: FormClient): Promise<boolean> {
	const answer = await client.request('/admin');
	return answer.response.status === 200;
}
