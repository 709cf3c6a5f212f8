import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { insertRaw, testNow, testPatient, useDemoClinic } from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { authorizationElements } from '$lib/domain/testimonials/authorization-document';
import type { ConnectionKind } from '$lib/domain/testimonials/publication-choice';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { toDbInstant } from '../db/instant';
import { findInvitationPolicy, insertInvitation } from '../db/repositories/feedback-repository';
import {
	insertAuthorization,
	insertFeedback,
	insertRevocation,
	listModerations
} from '../db/repositories/testimonial-publication-repository';
import type { StaffActor } from './audit';
import { listWebsiteTestimonials } from './public-testimonials';
import { ensureAuthorizationDocument } from './testimonial-authorization-text';
import {
	decideOnFeedback,
	enterLegacyTestimonial,
	loadFeedbackForStaff,
	loadInvitationPolicySettings,
	loadLegacyEntries,
	loadLegacyEntryForm,
	loadTestimonialInbox,
	recordRevocationByStaff,
	saveInvitationPolicy,
	withdrawLegacyTestimonial
} from './testimonial-moderation';
import { newSecretToken } from './tokens';

const dialects = await testDialects();
const owner: StaffActor = { userId: 'owner-1', name: 'Olive Owner', role: 'owner' };
const practitioner: StaffActor = { userId: 'pr-1', name: 'Pat Practitioner', role: 'practitioner' };
const desk: StaffActor = { userId: 'fd-1', name: 'Frankie Desk', role: 'front_desk' };
/** Someone whose role grants nothing (an unknown or retired role). */
const nobody = { userId: 'x-1', name: 'Nobody', role: 'visitor' } as unknown as StaffActor;
const request = { ip: '203.0.113.9', requestId: 'req-testimonials' };
const context = { now: testNow, request };
/** The clinic-local day of `testNow` (America/Chicago). */
const today = '2027-03-01';

describe.each(dialects)('testimonial moderation on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = clinic.db;
	let slot = 0;

	/**
	 * A patient's feedback after an invitation (a completed visit, an invitation, the feedback),
	 * and, unless `authorization` is null, their signed permission to publish.
	 */
	async function feedbackFixture(
		key: string,
		options: {
			rating?: number;
			words?: string;
			authorization?: {
				expiresOn?: string;
				connection?: ConnectionKind;
				connectionText?: string;
			} | null;
		} = {}
	) {
		const start = Temporal.Instant.from('2027-02-01T15:00:00Z').add({ hours: 2 * slot++ });
		const appointment = await insertRaw(db(), clinic.ids, {
			practitionerId: clinic.ids.mei,
			roomId: null,
			start,
			minutes: 60,
			patient: key
		});
		const invitationId = await insertInvitation(db(), {
			tokenHash: newSecretToken().hash,
			patientId: appointment.patientId,
			appointmentId: appointment.id,
			reason: 'visit_number',
			visitNumber: 3,
			createdAt: start.add({ hours: 2 }),
			expiresAt: start.add({ hours: 24 * 30 })
		});
		const feedbackId = await insertFeedback(db(), {
			invitationId,
			patientId: appointment.patientId,
			rating: options.rating ?? 4,
			words: options.words ?? `Feedback from ${key}: the visits helped my back a good deal.`,
			conditionId: null,
			createdAt: start.add({ hours: 3 })
		});
		let authorizationId: number | null = null;
		if (options.authorization !== null) {
			const document = await ensureAuthorizationDocument(db(), testNow);
			authorizationId = await insertAuthorization(db(), {
				feedbackId,
				patientId: appointment.patientId,
				documentId: document.id,
				textHash: document.textHash,
				naming: 'first_name_last_initial',
				displayName: `Test ${key.slice(0, 1).toUpperCase()}.`,
				connectionKind: options.authorization?.connection ?? 'none',
				connectionText: options.authorization?.connectionText ?? null,
				typedName: testPatient(key).name,
				signedAt: start.add({ hours: 4 }),
				expiresOn: options.authorization?.expiresOn ?? '2030-01-31',
				revokeTokenHash: newSecretToken().hash,
				ip: null
			});
		}
		return { feedbackId, authorizationId, patientId: appointment.patientId };
	}

	const decide = (feedbackId: number, fields: Record<string, string>, staff = desk) =>
		decideOnFeedback(db(), staff, feedbackId, fields, context);
	const onWebsite = async (now = testNow) =>
		(await listWebsiteTestimonials(db(), now)).map((entry) => entry.key);
	const count = async (
		table: 'testimonial_moderation' | 'audit_event' | 'testimonial_revocation' | 'outbox_message'
	) =>
		Number(
			(
				await db()
					.selectFrom(table)
					.select((eb) => eb.fn.countAll<number | string>().as('n'))
					.executeTakeFirstOrThrow()
			).n
		);
	const eventsFor = async (action: string) =>
		(await listAuditEvents(db(), { limit: 1000 })).filter((event) => event.action === action);

	it('lets every role with the permission moderate, the front desk included, and nobody else', async () => {
		const { feedbackId } = await feedbackFixture('access');
		for (const staff of [owner, practitioner, desk]) {
			expect((await loadTestimonialInbox(db(), staff, context)).kind).toBe('ok');
			expect((await loadFeedbackForStaff(db(), staff, feedbackId, context)).kind).toBe('ok');
			expect((await loadLegacyEntries(db(), staff, testNow)).kind).toBe('ok');
			expect((await loadLegacyEntryForm(db(), staff, testNow)).kind).toBe('ok');
		}
		const before = await count('audit_event');
		expect(await loadTestimonialInbox(db(), nobody, context)).toEqual({ kind: 'forbidden' });
		expect(await loadFeedbackForStaff(db(), nobody, feedbackId, context)).toEqual({
			kind: 'forbidden'
		});
		expect(await decide(feedbackId, { decision: 'publish' }, nobody)).toEqual({
			kind: 'forbidden'
		});
		expect(
			await recordRevocationByStaff(db(), nobody, feedbackId, { note: 'Letter' }, context)
		).toEqual({ kind: 'forbidden' });
		expect(await enterLegacyTestimonial(db(), nobody, {}, context)).toEqual({ kind: 'forbidden' });
		expect(await withdrawLegacyTestimonial(db(), nobody, 1, {}, context)).toEqual({
			kind: 'forbidden'
		});
		expect(await count('audit_event')).toBe(before);

		// The policy is the owner's alone.
		expect((await loadInvitationPolicySettings(db(), owner)).kind).toBe('ok');
		for (const staff of [practitioner, desk, nobody]) {
			expect(await loadInvitationPolicySettings(db(), staff)).toEqual({ kind: 'forbidden' });
			expect(await saveInvitationPolicy(db(), staff, { 'sample-percent': '50' }, context)).toEqual({
				kind: 'forbidden'
			});
		}

		// Only the owner sees the decline summary and the invitation figures.
		const deskInbox = await loadTestimonialInbox(db(), desk, context);
		const ownerInbox = await loadTestimonialInbox(db(), owner, context);
		expect(deskInbox.kind === 'ok' && deskInbox.owner).toBeNull();
		expect(ownerInbox.kind === 'ok' && ownerInbox.owner).not.toBeNull();
	});

	it('answers not found for an unknown feedback', async () => {
		expect(await loadFeedbackForStaff(db(), desk, 999_999, context)).toEqual({
			kind: 'not_found'
		});
		expect(await decide(999_999, { decision: 'publish' })).toEqual({ kind: 'not_found' });
		expect(await recordRevocationByStaff(db(), desk, 999_999, { note: 'Letter' }, context)).toEqual(
			{ kind: 'not_found' }
		);
	});

	it('publishes with a permission in effect, in the audit log, and the website shows it', async () => {
		const { feedbackId, patientId } = await feedbackFixture('publish');
		expect(await onWebsite()).not.toContain(`feedback-${feedbackId}`);
		expect(await decide(feedbackId, { decision: 'publish', note: 'Fine as written.' })).toEqual({
			kind: 'saved',
			decision: 'publish'
		});
		expect(await onWebsite()).toContain(`feedback-${feedbackId}`);
		const [moderation] = await listModerations(db(), feedbackId);
		expect(moderation).toMatchObject({
			decision: 'publish',
			reason: null,
			note: 'Fine as written.',
			connectionKind: null,
			decidedByName: desk.name
		});
		const [event] = (await eventsFor('testimonial.published')).filter(
			(entry) => entry.subject?.id === String(feedbackId)
		);
		expect(event).toMatchObject({
			actor: { type: 'staff', id: desk.userId, label: desk.name },
			patientId,
			subject: { type: 'feedback', id: String(feedbackId) },
			after: { decision: 'publish', reason: null, note: 'Fine as written.' },
			ip: request.ip,
			requestId: request.requestId
		});
	});

	it('publishes a one-star critical feedback like any other', async () => {
		const { feedbackId } = await feedbackFixture('critic', {
			rating: 1,
			words: 'Waited 40 minutes, felt rushed, and my pain is no better after five visits.'
		});
		expect(await decide(feedbackId, { decision: 'publish' })).toEqual({
			kind: 'saved',
			decision: 'publish'
		});
		const shown = (await listWebsiteTestimonials(db(), testNow)).find(
			(entry) => entry.key === `feedback-${feedbackId}`
		);
		expect(shown).toMatchObject({ rating: 1, origin: 'invited', ratingText: '1 out of 5 stars' });
		// It names no condition, so beside it the website says it cannot show the usual result.
		expect(shown?.expected).toMatchObject({
			kind: 'none',
			text: expect.stringMatching(/did not say what they came to us for/)
		});
		// The demo's back pain sample carries the research figure while no summary is published.
		const sample = (await listWebsiteTestimonials(db(), testNow)).find(
			(entry) => entry.conditionSlug === 'back-pain' && entry.origin === 'sample'
		);
		expect(sample?.expected).toMatchObject({
			kind: 'evidence',
			links: [{ href: 'https://doi.org/10.1002/14651858.CD013814' }]
		});
	});

	it('refuses "negative", or any reason not on the list, and writes nothing', async () => {
		const { feedbackId } = await feedbackFixture('negative', {
			rating: 1,
			words: 'Terrible. The worst clinic I have been to, and rude staff.'
		});
		const moderations = await count('testimonial_moderation');
		const events = await count('audit_event');
		for (const reason of ['negative', 'low_rating', 'criticism', 'inaccurate', '']) {
			const result = await decide(feedbackId, { decision: 'decline', reason });
			expect(result.kind, reason).toBe('invalid');
			if (result.kind === 'invalid') {
				expect(result.errors.reason, reason).toMatch(/listed reasons/);
				expect(result.values).toMatchObject({ decision: 'decline', reason });
			}
		}
		expect(await decide(feedbackId, { decision: 'maybe' })).toMatchObject({
			kind: 'invalid',
			errors: { decision: expect.any(String) }
		});
		expect(await count('testimonial_moderation')).toBe(moderations);
		expect(await count('audit_event')).toBe(events);
		expect(await listModerations(db(), feedbackId)).toEqual([]);
	});

	it('declines with a listed reason, in the audit log, and the website does not show it', async () => {
		const { feedbackId, patientId } = await feedbackFixture('spam', {
			words: 'Visit www.cheap-needles.example for 50% off acupuncture supplies!'
		});
		expect(
			await decide(feedbackId, {
				decision: 'decline',
				reason: 'spam_or_advertising',
				note: 'Advertises a shop.'
			})
		).toEqual({ kind: 'saved', decision: 'decline' });
		expect(await onWebsite()).not.toContain(`feedback-${feedbackId}`);
		const [event] = (await eventsFor('testimonial.declined')).filter(
			(entry) => entry.subject?.id === String(feedbackId)
		);
		expect(event).toMatchObject({
			patientId,
			after: {
				decision: 'decline',
				reason: 'spam_or_advertising',
				reasonLabel: 'Spam or advertising',
				note: 'Advertises a shop.'
			}
		});
	});

	it('declines a 5-star and a 1-star health claim alike, and sends the patient nothing', async () => {
		const cure = await feedbackFixture('claim-cure', {
			rating: 5,
			words: 'Three sessions and my sciatica was cured for good. Better than any surgery.'
		});
		const harm = await feedbackFixture('claim-harm', {
			rating: 1,
			words: 'The needles damaged a nerve and gave me sciatica for life.'
		});
		const mailBefore = await count('outbox_message');
		for (const { feedbackId, patientId } of [cure, harm]) {
			expect(
				await decide(feedbackId, { decision: 'decline', reason: 'unsupported_health_claim' })
			).toEqual({ kind: 'saved', decision: 'decline' });
			expect(await onWebsite()).not.toContain(`feedback-${feedbackId}`);
			const [moderation] = await listModerations(db(), feedbackId);
			expect(moderation).toMatchObject({ decision: 'decline', reason: 'unsupported_health_claim' });
			const [event] = (await eventsFor('testimonial.declined')).filter(
				(entry) => entry.subject?.id === String(feedbackId)
			);
			expect(event).toMatchObject({
				patientId,
				after: {
					reason: 'unsupported_health_claim',
					reasonLabel: 'Makes a health claim we cannot support'
				}
			});
			const page = await loadFeedbackForStaff(db(), desk, feedbackId, context);
			expect(page.kind === 'ok' && page.status).toBe('declined');
		}
		// Declining sends the patient no message at all, so there is nothing that could judge them.
		expect(await count('outbox_message')).toBe(mailBefore);
		const patientMail = await db()
			.selectFrom('outbox_message')
			.select('kind')
			.where('recipient', 'in', [testPatient('claim-cure').email, testPatient('claim-harm').email])
			.execute();
		expect(patientMail).toEqual([]);
		// The owner's summary lists the reason with the others.
		const inbox = await loadTestimonialInbox(db(), owner, context);
		const row =
			inbox.kind === 'ok'
				? inbox.owner?.reasons.find(
						(entry) => entry.label === 'Makes a health claim we cannot support'
					)
				: undefined;
		expect(row?.count).toBeGreaterThanOrEqual(2);
	});

	it('refuses to publish without a permission, after a revocation and after it ended', async () => {
		const none = await feedbackFixture('unauthorised', { authorization: null });
		const revoked = await feedbackFixture('revoked');
		await insertRevocation(db(), {
			authorizationId: revoked.authorizationId ?? 0,
			source: 'link',
			revokedAt: testNow.subtract({ hours: 1 }),
			ip: null
		});
		const ended = await feedbackFixture('ended', { authorization: { expiresOn: '2027-02-28' } });
		const lastDay = await feedbackFixture('last-day', { authorization: { expiresOn: today } });
		const before = await count('testimonial_moderation');
		for (const { feedbackId } of [none, revoked, ended]) {
			const result = await decide(feedbackId, { decision: 'publish' });
			expect(result.kind).toBe('invalid');
			if (result.kind === 'invalid') expect(result.errors.decision).toMatch(/not authorised/);
			// Declining words that cannot be published records nothing either.
			expect(await decide(feedbackId, { decision: 'decline', reason: 'off_topic' })).toMatchObject({
				kind: 'refused'
			});
		}
		expect(await count('testimonial_moderation')).toBe(before);
		// Its last day is still in effect.
		expect(await decide(lastDay.feedbackId, { decision: 'publish' })).toMatchObject({
			kind: 'saved'
		});
		expect(await onWebsite()).toContain(`feedback-${lastDay.feedbackId}`);
		expect(await onWebsite(testNow.add({ hours: 24 }))).not.toContain(
			`feedback-${lastDay.feedbackId}`
		);
	});

	it('lets staff decide again: the latest decision counts', async () => {
		const { feedbackId } = await feedbackFixture('redecide');
		await decide(feedbackId, { decision: 'publish' });
		expect(await onWebsite()).toContain(`feedback-${feedbackId}`);
		await decide(feedbackId, { decision: 'decline', reason: 'patient_asked' }, practitioner);
		expect(await onWebsite()).not.toContain(`feedback-${feedbackId}`);
		const page = await loadFeedbackForStaff(db(), desk, feedbackId, context);
		expect(page.kind === 'ok' && page.status).toBe('declined');
		expect(page.kind === 'ok' && page.decisions.map((entry) => entry.label)).toEqual([
			'Declined',
			'Published'
		]);
		await decide(feedbackId, { decision: 'publish' }, owner);
		expect(await onWebsite()).toContain(`feedback-${feedbackId}`);
		expect((await listModerations(db(), feedbackId)).map((entry) => entry.decision)).toEqual([
			'publish',
			'decline',
			'publish'
		]);
		const [latest] = (await eventsFor('testimonial.published')).filter(
			(entry) => entry.subject?.id === String(feedbackId)
		);
		expect(latest?.before).toEqual({ decision: 'decline', reason: 'patient_asked' });
	});

	it('shows the owner how many were declined and why, every reason listed, by latest decision', async () => {
		const summary = async () => {
			const inbox = await loadTestimonialInbox(db(), owner, context);
			if (inbox.kind !== 'ok' || !inbox.owner) throw new Error('no owner summary');
			return {
				...inbox.owner.summary,
				reasons: Object.fromEntries(
					inbox.owner.reasons.map((row) => [row.reason, row.count])
				) as Record<string, number>
			};
		};
		const before = await summary();
		expect(Object.keys(before.reasons)).toEqual([
			'other_person_details',
			'abuse',
			'spam_or_advertising',
			'off_topic',
			'patient_asked',
			'unsupported_health_claim'
		]);
		const a = await feedbackFixture('summary-a');
		const b = await feedbackFixture('summary-b');
		const c = await feedbackFixture('summary-c');
		const d = await feedbackFixture('summary-d');
		await decide(a.feedbackId, { decision: 'publish' });
		await decide(b.feedbackId, { decision: 'decline', reason: 'abuse' });
		await decide(c.feedbackId, { decision: 'decline', reason: 'other_person_details' });
		await decide(d.feedbackId, { decision: 'decline', reason: 'abuse' });
		await decide(d.feedbackId, { decision: 'publish' });
		const after = await summary();
		expect(after.published - before.published).toBe(2);
		expect(after.declined - before.declined).toBe(2);
		const added = (reason: string) => (after.reasons[reason] ?? 0) - (before.reasons[reason] ?? 0);
		expect(added('abuse')).toBe(1);
		expect(added('other_person_details')).toBe(1);
		expect(added('off_topic')).toBe(0);
	});

	it('groups the inbox by where each feedback stands, newest first, and records the viewing', async () => {
		const waiting = await feedbackFixture('inbox-waiting');
		const private_ = await feedbackFixture('inbox-private', {
			authorization: null,
			rating: 2,
			words: 'Please do not publish this: the front desk lost my intake form twice.'
		});
		const inbox = await loadTestimonialInbox(db(), desk, context);
		if (inbox.kind !== 'ok') throw new Error('forbidden');
		const group = (status: string) =>
			inbox.groups.find((entry) => entry.status === status)?.rows.map((row) => row.id) ?? [];
		expect(inbox.groups.map((entry) => entry.title)).toEqual([
			'Waiting for a decision',
			'Published',
			'Declined',
			'Not for publishing',
			'Revoked or expired'
		]);
		expect(group('waiting')).toContain(waiting.feedbackId);
		expect(group('not_for_publishing')).toContain(private_.feedbackId);
		const privateRow = inbox.groups
			.flatMap((entry) => entry.rows)
			.find((row) => row.id === private_.feedbackId);
		// Feedback that is not for publishing still reaches the clinic, rating and words.
		expect(privateRow).toMatchObject({
			patientName: testPatient('inbox-private').name,
			rating: 2,
			excerpt: 'Please do not publish this: the front desk lost my intake form twice.',
			statusLabel: 'Not for publishing'
		});
		expect(group('revoked_or_expired').length).toBeGreaterThanOrEqual(2);
		expect(group('declined').length).toBeGreaterThanOrEqual(1);
		const declinedRow = inbox.groups.find((entry) => entry.status === 'declined')?.rows[0];
		expect(declinedRow?.reasonLabel).toEqual(expect.any(String));
		// Newest first within a group.
		const all = inbox.groups.flatMap((entry) => entry.rows);
		for (const entry of inbox.groups) {
			const times = entry.rows.map((row) => Temporal.Instant.from(row.givenAt).epochMilliseconds);
			expect(times).toEqual([...times].sort((x, y) => y - x));
		}
		expect(inbox.total).toBe(all.length);
		const [event] = await eventsFor('testimonials.inbox_viewed');
		expect(event).toMatchObject({ actor: { id: desk.userId }, requestId: request.requestId });
		expect((event?.after as { feedbackIds: number[] }).feedbackIds).toContain(waiting.feedbackId);
	});

	it('shows one feedback with its permission, and records the viewing against the patient', async () => {
		const { feedbackId, patientId } = await feedbackFixture('detail', {
			authorization: { connection: 'other', connectionText: 'Neighbour of the owner' }
		});
		const page = await loadFeedbackForStaff(db(), practitioner, feedbackId, context);
		if (page.kind !== 'ok') throw new Error(page.kind);
		expect(page.feedback).toMatchObject({ patientName: testPatient('detail').name, rating: 4 });
		expect(page.permission).toMatchObject({
			documentVersion: 1,
			typedName: testPatient('detail').name,
			displayName: 'Test D.',
			declaredConnection: 'Connection to the clinic: Neighbour of the owner',
			expiresOn: 'January 31, 2030',
			// Six years after its last day in effect.
			keepUntil: 'January 31, 2036',
			revokedOn: null,
			inEffect: true
		});
		// Every element of the version signed, the redisclosure statement among them.
		expect(page.permission?.documentSections).toHaveLength(authorizationElements.length);
		expect(page.permission?.documentSections.map((section) => section.heading)).toContain(
			'Once published, your words are public'
		);
		expect(page.canDecide).toBe(true);
		expect(page.staffMatch).toBeNull();
		const [event] = await eventsFor('testimonials.feedback_viewed');
		expect(event).toMatchObject({
			patientId,
			subject: { type: 'feedback', id: String(feedbackId) },
			actor: { id: practitioner.userId }
		});
	});

	it('asks for the connection when the patient’s email is a staff account’s', async () => {
		const staffMember = await feedbackFixture('staffer');
		const declared = await feedbackFixture('declared', {
			authorization: { connection: 'staff' }
		});
		const former = await feedbackFixture('former');
		const now = toDbInstant(testNow);
		for (const [id, key] of [
			['staff-staffer', 'staffer'],
			['staff-declared', 'declared'],
			['staff-former', 'former']
		] as const) {
			await db()
				.insertInto('staff_user')
				.values({
					id,
					name: `Staff ${key}`,
					// Stored in lower case; the patient's address may differ in case.
					email: testPatient(key).email.toLowerCase(),
					email_verified: dialect === 'postgres' ? true : 1,
					image: null,
					role: 'front_desk',
					two_factor_enabled: null,
					created_at: now,
					updated_at: now
				})
				.execute();
		}
		await db()
			.insertInto('staff_deactivation')
			.values({ user_id: 'staff-former', deactivated_at: now, deactivated_by: owner.name })
			.execute();

		const page = await loadFeedbackForStaff(db(), desk, staffMember.feedbackId, context);
		expect(page.kind === 'ok' && page.staffMatch).toEqual({ name: 'Staff staffer' });
		const before = await count('testimonial_moderation');
		for (const fields of [{}, { connection: 'none' }] as Record<string, string>[]) {
			const refused = await decide(staffMember.feedbackId, { decision: 'publish', ...fields });
			expect(refused.kind).toBe('invalid');
			if (refused.kind === 'invalid') expect(refused.errors.connection).toMatch(/staff account/);
		}
		expect(await count('testimonial_moderation')).toBe(before);
		// Declining needs no disclosure.
		expect(
			await decide(staffMember.feedbackId, { decision: 'decline', reason: 'patient_asked' })
		).toMatchObject({ kind: 'saved' });
		expect(
			await decide(staffMember.feedbackId, { decision: 'publish', connection: 'staff' })
		).toMatchObject({ kind: 'saved' });
		const shown = await listWebsiteTestimonials(db(), testNow);
		expect(shown.find((entry) => entry.key === `feedback-${staffMember.feedbackId}`)).toMatchObject(
			{ disclosure: 'Written by a member of our staff.' }
		);

		// The patient declared it themselves: nothing more is needed.
		expect(await decide(declared.feedbackId, { decision: 'publish' })).toMatchObject({
			kind: 'saved'
		});
		// A deactivated account is not staff any more.
		expect(await decide(former.feedbackId, { decision: 'publish' })).toMatchObject({
			kind: 'saved'
		});
		// Another connection must be described.
		const other = await feedbackFixture('other-connection');
		const undescribed = await decide(other.feedbackId, {
			decision: 'publish',
			connection: 'other'
		});
		expect(undescribed.kind === 'invalid' && undescribed.errors['connection-description']).toMatch(
			/describe/
		);
		await decide(other.feedbackId, {
			decision: 'publish',
			connection: 'other',
			'connection-description': 'Sister of our receptionist'
		});
		const shownOther = (await listWebsiteTestimonials(db(), testNow)).find(
			(entry) => entry.key === `feedback-${other.feedbackId}`
		);
		expect(shownOther?.disclosure).toBe('Connection to the clinic: Sister of our receptionist');
	});

	it('records a revocation the patient made in writing: the words leave the website at once', async () => {
		const { feedbackId, authorizationId, patientId } = await feedbackFixture('letter');
		await decide(feedbackId, { decision: 'publish' });
		expect(await onWebsite()).toContain(`feedback-${feedbackId}`);

		const before = await count('testimonial_revocation');
		const missing = await recordRevocationByStaff(db(), desk, feedbackId, { note: ' ' }, context);
		expect(missing.kind === 'invalid' && missing.errors.note).toMatch(/how the patient revoked/);
		expect(await count('testimonial_revocation')).toBe(before);

		expect(
			await recordRevocationByStaff(
				db(),
				desk,
				feedbackId,
				{ note: 'Letter received February 27, 2027' },
				context
			)
		).toEqual({ kind: 'revoked' });
		expect(await onWebsite()).not.toContain(`feedback-${feedbackId}`);
		const revocation = await db()
			.selectFrom('testimonial_revocation')
			.selectAll()
			.where('authorization_id', '=', authorizationId ?? 0)
			.executeTakeFirstOrThrow();
		expect(revocation.source).toBe('staff');
		const [event] = (await eventsFor('testimonial.revoked')).filter(
			(entry) => entry.subject?.id === String(authorizationId)
		);
		expect(event).toMatchObject({
			actor: { type: 'staff', id: desk.userId },
			patientId,
			after: { source: 'staff', note: 'Letter received February 27, 2027' }
		});
		const mail = await db()
			.selectFrom('outbox_message')
			.select(['recipient', 'kind'])
			.where('dedupe_key', '=', `testimonial_revocation:${authorizationId}`)
			.execute();
		expect(mail).toEqual([
			{ recipient: testPatient('letter').email, kind: 'testimonial_revocation' }
		]);

		// Publishing again is refused, and a second revocation changes nothing.
		expect((await decide(feedbackId, { decision: 'publish' })).kind).toBe('invalid');
		expect(
			await recordRevocationByStaff(db(), desk, feedbackId, { note: 'Again' }, context)
		).toMatchObject({ kind: 'refused' });
		const page = await loadFeedbackForStaff(db(), desk, feedbackId, context);
		expect(page.kind === 'ok' && page.permission?.revokedBy).toMatch(/staff/);
		expect(page.kind === 'ok' && page.status).toBe('revoked_or_expired');

		const unauthorised = await feedbackFixture('letter-none', { authorization: null });
		expect(
			await recordRevocationByStaff(
				db(),
				desk,
				unauthorised.feedbackId,
				{ note: 'Letter' },
				context
			)
		).toMatchObject({ kind: 'refused' });
	});

	it('saves the owner’s invitation policy after checking it, with before and after in the audit log', async () => {
		const stored = await findInvitationPolicy(db());
		for (const fields of [
			{ 'after-visit': '3', 'sample-percent': '150' },
			{ 'after-visit': '3', 'sample-percent': '' },
			{ 'after-visit': 'three', 'sample-percent': '100' }
		]) {
			const result = await saveInvitationPolicy(db(), owner, fields, context);
			expect(result.kind).toBe('invalid');
		}
		expect(await findInvitationPolicy(db())).toEqual(stored);

		expect(
			await saveInvitationPolicy(
				db(),
				owner,
				{ 'after-visit': ['6', '1'], 'at-course-end': 'yes', 'sample-percent': '40' },
				context
			)
		).toEqual({ kind: 'saved' });
		const saved = await findInvitationPolicy(db());
		expect(saved).toEqual({
			...stored,
			afterVisitNumbers: [1, 6],
			atCourseEnd: true,
			samplePercent: 40
		});
		// The salt (the fixed draw) and the start never change from this form.
		expect(saved.sampleSalt).toBe(stored.sampleSalt);
		expect(saved.startsAt.equals(stored.startsAt)).toBe(true);
		const [event] = await eventsFor('settings.feedback_invitation_policy');
		expect(event).toMatchObject({
			actor: { id: owner.userId },
			before: {
				afterVisitNumbers: stored.afterVisitNumbers,
				atCourseEnd: stored.atCourseEnd,
				samplePercent: stored.samplePercent
			},
			after: { afterVisitNumbers: [1, 6], atCourseEnd: true, samplePercent: 40 }
		});
		expect(JSON.stringify(event)).not.toContain(stored.sampleSalt);
		const settings = await loadInvitationPolicySettings(db(), owner);
		expect(settings).toMatchObject({
			kind: 'ok',
			values: { afterVisitNumbers: [1, 6], atCourseEnd: true, samplePercent: 40 }
		});
	});

	it('enters a testimonial from a paper authorization only with the attestation and sensible dates', async () => {
		const entry = {
			'display-name': 'Ruth K.',
			rating: '3',
			words: 'Helpful for my headaches, though the parking is a nightmare.',
			condition: '',
			'given-on': '2025-05-20',
			'signed-on': '2025-05-20',
			'expires-on': '2028-05-19',
			connection: 'none',
			attest: 'yes'
		};
		const rows = async () =>
			Number(
				(
					await db()
						.selectFrom('testimonial')
						.select((eb) => eb.fn.countAll<number | string>().as('n'))
						.executeTakeFirstOrThrow()
				).n
			);
		const before = await rows();
		const unattested = await enterLegacyTestimonial(db(), desk, { ...entry, attest: '' }, context);
		expect(unattested.kind === 'invalid' && unattested.errors.attest).toMatch(/on file/);
		expect(unattested.kind === 'invalid' && unattested.values['display-name']).toBe('Ruth K.');
		for (const dates of [
			{ 'given-on': '2027-03-02' },
			{ 'signed-on': '2025-05-19' },
			{ 'expires-on': '' },
			{ 'expires-on': '2025-05-20' },
			{ 'expires-on': '2027-02-28' }
		]) {
			const result = await enterLegacyTestimonial(db(), desk, { ...entry, ...dates }, context);
			expect(result.kind, JSON.stringify(dates)).toBe('invalid');
		}
		expect(await rows()).toBe(before);

		const condition = (await loadLegacyEntryForm(db(), desk, testNow)) as {
			conditions: { slug: string; name: string }[];
		};
		const slug = condition.conditions[0]?.slug ?? '';
		const saved = await enterLegacyTestimonial(
			db(),
			desk,
			{ ...entry, condition: slug, connection: 'staff_family' },
			context
		);
		if (saved.kind !== 'saved') throw new Error(JSON.stringify(saved));
		const shown = (await listWebsiteTestimonials(db(), testNow)).find(
			(item) => item.key === `entry-${saved.id}`
		);
		expect(shown).toMatchObject({
			origin: 'paper_authorization',
			marker: 'Entered by staff from a signed paper authorization',
			displayName: 'Ruth K.',
			rating: 3,
			givenOn: '2025-05-20',
			disclosure: 'Written by a family member of one of our staff.',
			conditionSlug: slug
		});
		const row = await db()
			.selectFrom('testimonial')
			.selectAll()
			.where('id', '=', saved.id)
			.executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			source: 'legacy',
			published: 1,
			attested_by_id: desk.userId,
			attested_by_name: desk.name,
			authorization_signed_on: '2025-05-20',
			expires_on: '2028-05-19'
		});
		const [event] = await eventsFor('testimonial.legacy_entered');
		expect(event).toMatchObject({
			actor: { id: desk.userId },
			subject: { type: 'testimonial', id: String(saved.id) },
			after: { attestation: expect.stringMatching(/signed authorization .* is on file/) }
		});
		// Not shown after its last day.
		expect(await onWebsite(Temporal.Instant.from('2028-05-21T18:00:00Z'))).not.toContain(
			`entry-${saved.id}`
		);
		const list = await loadLegacyEntries(db(), desk, testNow);
		expect(list.kind === 'ok' && list.entries.find((item) => item.id === saved.id)).toMatchObject({
			source: 'legacy',
			state: 'shown',
			canWithdraw: true,
			attestation: { by: desk.name, signedOn: 'May 20, 2025', expiresOn: 'May 19, 2028' }
		});
	});

	it('takes a legacy testimonial down with a reason, never a sample', async () => {
		const saved = await enterLegacyTestimonial(
			db(),
			practitioner,
			{
				'display-name': 'Anonymous patient',
				rating: '5',
				words: 'Best decision I made for my neck pain last year.',
				'given-on': '2026-01-10',
				'signed-on': '2026-01-12',
				'expires-on': '2029-01-11',
				connection: 'none',
				attest: 'yes'
			},
			context
		);
		if (saved.kind !== 'saved') throw new Error(JSON.stringify(saved));
		expect(await onWebsite()).toContain(`entry-${saved.id}`);

		const noReason = await withdrawLegacyTestimonial(db(), desk, saved.id, { reason: '' }, context);
		expect(noReason.kind === 'invalid' && noReason.errors.reason).toMatch(/why/);
		expect(await onWebsite()).toContain(`entry-${saved.id}`);

		expect(
			await withdrawLegacyTestimonial(
				db(),
				desk,
				saved.id,
				{ reason: 'The patient revoked it by letter on February 26' },
				context
			)
		).toEqual({ kind: 'withdrawn' });
		expect(await onWebsite()).not.toContain(`entry-${saved.id}`);
		const [event] = await eventsFor('testimonial.legacy_withdrawn');
		expect(event).toMatchObject({
			actor: { id: desk.userId },
			subject: { type: 'testimonial', id: String(saved.id) },
			after: { reason: 'The patient revoked it by letter on February 26' }
		});
		expect(
			await withdrawLegacyTestimonial(db(), desk, saved.id, { reason: 'Again' }, context)
		).toMatchObject({ kind: 'refused' });
		const list = await loadLegacyEntries(db(), desk, testNow);
		expect(list.kind === 'ok' && list.entries.find((item) => item.id === saved.id)).toMatchObject({
			state: 'withdrawn',
			canWithdraw: false,
			withdrawal: { by: desk.name, reason: 'The patient revoked it by letter on February 26' }
		});

		const sample = await db()
			.selectFrom('testimonial')
			.select('id')
			.where('source', '=', 'sample')
			.executeTakeFirstOrThrow();
		expect(
			await withdrawLegacyTestimonial(db(), desk, sample.id, { reason: 'Not real' }, context)
		).toMatchObject({ kind: 'refused' });
		expect(
			await withdrawLegacyTestimonial(db(), desk, 999_999, { reason: 'Nothing' }, context)
		).toEqual({ kind: 'not_found' });
	});
});
