import { describe, expect, it } from 'vitest';
import { Temporal } from 'temporal-polyfill';
import {
	bookOrFail,
	inputFor,
	localDate,
	openSlots,
	testNow,
	testOrigin,
	tokenOf,
	useDemoClinic,
	type BookOptions
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { postedIntake } from '../../../../tests/support/intake';
import type { IntakeStepId } from '$lib/domain/intake/intake-steps';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { insertOutcomeResponses } from '../db/repositories/outcome-repository';
import { patientRecordIds } from '../db/repositories/patient-identity-repository';
import type { StaffActor } from './audit';
import { loadCheckIn } from './check-in';
import {
	ensureCurrentConsentVersion,
	loadConsentPage,
	loadConsentStatus,
	loadSignedConsentByToken,
	signConsentByToken
} from './consent';
import { loadIntakeOverview, loadIntakeStep, saveIntakeStep, submitIntake } from './intake';
import { loadManagedAppointment } from './manage-appointment';
import {
	confirmEmailOwnership,
	decidePatientIdentity,
	loadIdentityNotice
} from './patient-identity';
import { loadDayCalendar, loadStaffAppointment } from './staff-calendar';
import { loadPatientPage } from './staff-patients';
import { listVisitForms } from './visit-forms';

const dialects = await testDialects();
const desk: StaffActor = { userId: 'desk-1', name: 'Front Desk', role: 'front_desk' };
const practitioner: StaffActor = { userId: 'prac-1', name: 'Mei Lin', role: 'practitioner' };
const request = { ip: '198.51.100.23', requestId: 'identity-test' };
const context = { now: testNow, origin: testOrigin, request };

describe.each(dialects)('patient identity on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = () => clinic.db();
	let day = 0;
	// Weekdays from Monday 8 March 2027, one booking a day, so no test's slot is another's.
	const dates = Array.from({ length: 42 }, (_, index) =>
		localDate('2027-03-08').add({ days: index })
	)
		.filter((date) => date.dayOfWeek <= 5)
		.map(String);

	/** Books the first open initial visit on the next test day, as `contact`. */
	async function bookAs(
		contact: { name: string; email: string; phone: string },
		options: BookOptions = {}
	) {
		const date = dates[day++];
		if (!date) throw new Error('out of test days');
		const [slot] = await openSlots(db(), {
			serviceId: clinic.ids.service.initial,
			practitionerId: 'any',
			from: localDate(date),
			to: localDate(date)
		});
		if (!slot) throw new Error(`no open slot on ${date}`);
		const booked = await bookOrFail(
			db(),
			{ ...inputFor(slot, clinic.ids.service.initial, 'x'), patient: contact },
			options
		);
		const row = await db()
			.selectFrom('appointment')
			.innerJoin('patient', 'patient.id', 'appointment.patient_id')
			.select([
				'patient.id',
				'patient.identity_status',
				'patient.possible_match_patient_id',
				'patient.merged_into_patient_id'
			])
			.where('appointment.id', '=', booked.body.id)
			.executeTakeFirstOrThrow();
		return {
			appointmentId: booked.body.id,
			date: booked.body.start.slice(0, 10),
			token: tokenOf(booked.body.manageUrl),
			manageUrl: booked.body.manageUrl,
			patientId: row.id,
			status: row.identity_status,
			possibleMatchId: row.possible_match_patient_id
		};
	}

	/** A submitted health form, a consent and scores, through the patient's own link. */
	async function fillRecord(token: string, name: string) {
		for (const step of Object.keys(postedIntake) as IntakeStepId[]) {
			const saved = await saveIntakeStep(db(), token, step, postedIntake[step], context);
			expect(saved.kind).toBe('saved');
		}
		expect((await submitIntake(db(), token, context)).kind).toBe('submitted');
		const version = await ensureCurrentConsentVersion(db(), testNow);
		const signed = await signConsentByToken(
			db(),
			token,
			{ document: String(version.id), 'signature-name': name, agree: 'yes' },
			context
		);
		expect(signed.kind).toBe('signed');
	}

	const ann = { name: 'Ann Lee', email: 'ann.lee@example.com', phone: '(414) 555-0100' };
	const stranger = { name: 'ann  LEE', email: 'Ann.Lee@Example.com', phone: '(414) 555-0999' };

	it('an online booking with a patient’s name and email gets its own unconfirmed record', async () => {
		const first = await bookAs(ann, { source: 'staff' });
		expect(first.status).toBe('confirmed');
		const online = await bookAs(stranger);
		const api = await bookAs(stranger, { source: 'api' });
		for (const booking of [online, api]) {
			expect(booking.patientId).not.toBe(first.patientId);
			expect(booking.status).toBe('unconfirmed');
			expect(booking.possibleMatchId).toBe(first.patientId);
		}
		const events = await listAuditEvents(db(), { patientId: online.patientId });
		expect(events.find((event) => event.action === 'patient.possible_match')).toMatchObject({
			after: { possibleMatchPatientId: first.patientId, appointmentId: online.appointmentId }
		});
		// A family member sharing the inbox under another name is a confirmed patient of her own.
		const sam = await bookAs({ ...ann, name: 'Sam Lee' });
		expect(sam).toMatchObject({ status: 'confirmed', possibleMatchId: null });
	});

	it('a staff phone booking still finds the existing patient', async () => {
		const [first] = await db()
			.selectFrom('patient')
			.select('id')
			.where('email_normalized', '=', 'ann.lee@example.com')
			.where('identity_status', '=', 'confirmed')
			.where('name_normalized', '=', 'ann lee')
			.execute();
		const phoned = await bookAs({ ...stranger, phone: '1' }, { source: 'staff' });
		expect(phoned.patientId).toBe(first?.id);
		expect(phoned.status).toBe('confirmed');
	});

	it('a manage link reaches only its own appointment, never the record it matched', async () => {
		const own = await bookAs(
			{ name: 'Bea Cruz', email: 'bea@example.com', phone: '(414) 555-0200' },
			{ source: 'staff' }
		);
		await fillRecord(own.token, 'Bea Cruz');
		await insertOutcomeResponses(db(), {
			patientId: own.patientId,
			appointmentId: null,
			source: 'intake',
			at: testNow,
			responses: [{ scale: 'nprs', score: 8, items: { nprs: 8 } }]
		});
		const strangerBooking = await bookAs({
			name: 'Bea Cruz',
			email: 'BEA@example.com',
			phone: '(414) 555-0999'
		});
		expect(strangerBooking.possibleMatchId).toBe(own.patientId);

		// A later visit the front desk booked on the same record: its link, too, shows nothing of
		// the earlier visit's form, consent or scores.
		const later = await bookAs(
			{ name: 'Bea Cruz', email: 'bea@example.com', phone: '(414) 555-0200' },
			{ source: 'staff' }
		);
		expect(later.patientId).toBe(own.patientId);

		const check = async (
			booking: { token: string; appointmentId: number },
			typed: { 'full-name': string; email: string; phone: string }
		) => {
			const token = booking.token;
			const managed = await loadManagedAppointment(db(), token, testNow);
			expect(managed?.id).toBe(booking.appointmentId);
			const forms = await listVisitForms(db(), managed!, testNow);
			expect(forms.find((form) => form.path === 'intake')).toMatchObject({
				status: 'Not started',
				done: false
			});
			expect(forms.find((form) => form.path === 'consent')?.done).toBe(false);
			const overview = await loadIntakeOverview(db(), token, testNow, request);
			expect(overview).toMatchObject({ intakeId: null, submitted: false, summary: [] });
			// A new form is empty: only the contact details the booking was made with.
			const about = await loadIntakeStep(db(), token, 'about-you', testNow, request);
			expect(about.kind === 'step' && about.values).toEqual(typed);
			const goals = await loadIntakeStep(db(), token, 'goals', testNow, request);
			expect(goals.kind === 'step' && goals.values).toEqual({});
			const consent = await loadConsentPage(db(), token, testNow, request);
			expect(consent?.state).toBe('not_signed');
			expect(consent?.signed).toBeFalsy();
			expect(await loadSignedConsentByToken(db(), token, context)).toEqual({
				kind: 'unsigned'
			});
			const checkIn = await loadCheckIn(
				db(),
				{ via: 'link', token },
				// An hour before the visit: inside the check-in window.
				Temporal.Instant.from(managed!.start).subtract({ hours: 1 })
			);
			expect(checkIn.kind).toBe('open');
			expect(checkIn.kind === 'open' ? checkIn.psfs : null).toBeNull();
			const everything = JSON.stringify([managed, forms, overview, about, goals, consent, checkIn]);
			for (const secret of [
				'1970-05-14',
				'Apixaban',
				'apixaban',
				'Gardening',
				'Nickel',
				'Bo Lee'
			]) {
				expect(everything).not.toContain(secret);
			}
		};
		const typedByStranger = {
			'full-name': 'Bea Cruz',
			email: 'BEA@example.com',
			phone: '(414) 555-0999'
		};
		const onRecord = { 'full-name': 'Bea Cruz', email: 'bea@example.com', phone: '(414) 555-0200' };
		await check(strangerBooking, typedByStranger);
		await check(later, onRecord);
		// Even once staff merge the records, the link stays scoped to its own appointment.
		const merged = await decidePatientIdentity(
			db(),
			{ patientId: strangerBooking.patientId, decision: 'merge', matchId: own.patientId },
			practitioner,
			context
		);
		expect(merged).toEqual({ kind: 'merged', intoPatientId: own.patientId });
		await check(strangerBooking, typedByStranger);

		// The patient's own link still shows what was filled in through it.
		const ownOverview = await loadIntakeOverview(db(), own.token, testNow, request);
		expect(ownOverview?.submitted).toBe(true);
		const views = (await listAuditEvents(db(), { patientId: own.patientId })).filter(
			(event) => event.action === 'intake.view'
		);
		expect(views[0]).toMatchObject({
			actor: { type: 'patient', label: 'manage link' },
			ip: request.ip,
			after: { appointmentId: own.appointmentId, page: 'overview' }
		});
	});

	it('staff merge a possible match: audited, and the record then shows both records’ data', async () => {
		const own = await bookAs(
			{ name: 'Cy Doe', email: 'cy@example.com', phone: '(414) 555-0300' },
			{ source: 'staff' }
		);
		const online = await bookAs({ name: 'Cy Doe', email: 'cy@example.com', phone: '1' });
		await fillRecord(online.token, 'Cy Doe');

		const notice = await loadIdentityNotice(db(), online.patientId, practitioner);
		expect(notice).toMatchObject({
			kind: 'possible_match',
			patientId: online.patientId,
			match: { id: own.patientId, name: 'Cy Doe', email: 'cy@example.com', since: 'March 1, 2027' },
			canDecide: true
		});
		expect(await loadIdentityNotice(db(), online.patientId, desk)).toMatchObject({
			canDecide: false
		});
		const appointmentPage = await loadStaffAppointment(db(), online.appointmentId, desk, context);
		expect(appointmentPage.kind === 'ok' && appointmentPage.identity?.kind).toBe('possible_match');
		// The calendar block says "possible match" too.
		const calendar = await loadDayCalendar(db(), { date: online.date }, desk, context);
		if (calendar.kind !== 'ok') throw new Error(calendar.kind);
		const blocks = calendar.rows.flatMap((row) =>
			row.cells.flatMap((cell) => (cell.kind === 'entry' ? cell.entries : []))
		);
		expect(blocks.find((block) => block.id === online.appointmentId)?.possibleMatch).toBe(true);
		expect(blocks.find((block) => block.id === own.appointmentId)?.possibleMatch ?? false).toBe(
			false
		);

		// Before the merge, the patient's record shows nothing of the online booking.
		const before = await loadPatientPage(db(), own.patientId, practitioner, context);
		if (before.kind !== 'ok') throw new Error(before.kind);
		expect(before.upcoming.map((row) => row.id)).toEqual([own.appointmentId]);
		expect(before.healthForm?.status).toBe('missing');
		// A consent the online booking signed is not shown as the patient's signature.
		expect((await loadConsentStatus(db(), own.patientId, practitioner))?.state).toBe('not_signed');
		expect(before.waiting.map((record) => record.id)).toEqual([online.patientId]);

		// The front desk may not merge health records; a stale match is refused.
		expect(
			await decidePatientIdentity(
				db(),
				{ patientId: online.patientId, decision: 'merge', matchId: own.patientId },
				desk,
				context
			)
		).toEqual({ kind: 'forbidden' });
		expect(
			(
				await decidePatientIdentity(
					db(),
					{ patientId: online.patientId, decision: 'merge', matchId: own.patientId + 999 },
					practitioner,
					context
				)
			).kind
		).toBe('refused');

		expect(
			await decidePatientIdentity(
				db(),
				{ patientId: online.patientId, decision: 'merge', matchId: own.patientId },
				practitioner,
				context
			)
		).toEqual({ kind: 'merged', intoPatientId: own.patientId });
		// A second press decides nothing more.
		expect(
			(
				await decidePatientIdentity(
					db(),
					{ patientId: online.patientId, decision: 'merge', matchId: own.patientId },
					practitioner,
					context
				)
			).kind
		).toBe('refused');

		expect(await patientRecordIds(db(), own.patientId)).toEqual([own.patientId, online.patientId]);
		const after = await loadPatientPage(db(), own.patientId, practitioner, context);
		if (after.kind !== 'ok') throw new Error(after.kind);
		expect(after.upcoming.map((row) => row.id).sort()).toEqual(
			[own.appointmentId, online.appointmentId].sort()
		);
		expect(after.healthForm?.status).toBe('submitted');
		expect(after.mergedRecords).toBe(1);
		expect(after.waiting).toEqual([]);
		expect(after.outcomes?.find((trend) => trend.scale === 'nprs')?.scores).toBe(1);
		const consent = await loadConsentStatus(db(), own.patientId, practitioner);
		expect(consent?.state).toBe('signed');
		expect(await loadIdentityNotice(db(), online.patientId, desk)).toEqual({
			kind: 'merged',
			into: { id: own.patientId, name: 'Cy Doe' }
		});

		const merges = (await listAuditEvents(db(), { patientId: own.patientId })).filter(
			(event) => event.action === 'patient.merge'
		);
		expect(merges).toHaveLength(1);
		expect(merges[0]).toMatchObject({
			actor: { type: 'staff', id: 'prac-1', label: 'Mei Lin' },
			subject: { type: 'patient', id: String(online.patientId) },
			before: { status: 'unconfirmed', possibleMatchId: own.patientId },
			after: { mergedIntoId: own.patientId },
			ip: request.ip
		});
	});

	it('staff keep a possible match apart: audited, and a proven inbox then confirms it', async () => {
		const own = await bookAs(
			{ name: 'Di Fox', email: 'fox@example.com', phone: '(414) 555-0400' },
			{ source: 'staff' }
		);
		const namesake = await bookAs({ name: 'Di Fox', email: 'fox@example.com', phone: '2' });
		expect(
			await decidePatientIdentity(
				db(),
				{ patientId: namesake.patientId, decision: 'apart', matchId: own.patientId },
				practitioner,
				context
			)
		).toEqual({ kind: 'kept_apart' });
		const row = await db()
			.selectFrom('patient')
			.select(['identity_status', 'possible_match_patient_id', 'identity_decided_by'])
			.where('id', '=', namesake.patientId)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			identity_status: 'unconfirmed',
			possible_match_patient_id: null,
			identity_decided_by: 'Mei Lin'
		});
		expect(await loadIdentityNotice(db(), namesake.patientId, practitioner)).toBeNull();
		const [kept] = (await listAuditEvents(db(), { patientId: namesake.patientId })).filter(
			(event) => event.action === 'patient.kept_apart'
		);
		expect(kept).toMatchObject({
			actor: { label: 'Mei Lin' },
			before: { possibleMatchId: own.patientId },
			after: { possibleMatchId: null }
		});

		const proven = await confirmEmailOwnership(
			db(),
			{ emailNormalized: 'fox@example.com' },
			context
		);
		expect(proven).toEqual({ merged: [], confirmed: [namesake.patientId], leftForStaff: [] });
		expect(await patientRecordIds(db(), own.patientId)).toEqual([own.patientId]);
	});

	it('confirmEmailOwnership joins matching records to their match, audited, once', async () => {
		const own = await bookAs(
			{ name: 'Eve Gray', email: 'eve@example.com', phone: '(414) 555-0500' },
			{ source: 'staff' }
		);
		const again = await bookAs({ name: 'Eve  Gray', email: 'EVE@example.com', phone: '3' });
		const child = await bookAs({ name: 'Kit Gray', email: 'eve@example.com', phone: '3' });
		const kitAgain = await bookAs({ name: 'Kit Gray', email: 'eve@example.com', phone: '3' });
		const elsewhere = await bookAs({ name: 'Eve Gray', email: 'other@example.com', phone: '3' });
		expect(kitAgain.possibleMatchId).toBe(child.patientId);

		const result = await db()
			.transaction()
			.execute((trx) =>
				confirmEmailOwnership(trx, { emailNormalized: ' Eve@Example.com' }, context)
			);
		expect(result).toEqual({
			merged: [
				[again.patientId, own.patientId],
				[kitAgain.patientId, child.patientId]
			],
			confirmed: [],
			leftForStaff: []
		});
		expect(await patientRecordIds(db(), own.patientId)).toEqual([own.patientId, again.patientId]);
		expect(await patientRecordIds(db(), child.patientId)).toEqual([
			child.patientId,
			kitAgain.patientId
		]);
		expect(await patientRecordIds(db(), elsewhere.patientId)).toEqual([elsewhere.patientId]);
		const [event] = (await listAuditEvents(db(), { patientId: own.patientId })).filter(
			(entry) => entry.action === 'patient.merge'
		);
		expect(event).toMatchObject({
			actor: { type: 'patient', label: 'patient (by email link)' },
			ip: request.ip,
			before: { status: 'unconfirmed', possibleMatchId: own.patientId },
			after: { mergedIntoId: own.patientId }
		});

		// Idempotent: nothing more to decide, nothing more recorded.
		const count = async () =>
			(await listAuditEvents(db())).filter((entry) => entry.action === 'patient.merge').length;
		const merges = await count();
		expect(
			await confirmEmailOwnership(db(), { emailNormalized: 'eve@example.com' }, context)
		).toEqual({ merged: [], confirmed: [], leftForStaff: [] });
		expect(await count()).toBe(merges);
	});

	it('confirmEmailOwnership leaves to staff a record whose match has another email now', async () => {
		const own = await bookAs(
			{ name: 'Flo Hart', email: 'flo@example.com', phone: '(414) 555-0600' },
			{ source: 'staff' }
		);
		const online = await bookAs({ name: 'Flo Hart', email: 'flo@example.com', phone: '4' });
		await db()
			.updateTable('patient')
			.set({ email: 'flo.new@example.com', email_normalized: 'flo.new@example.com' })
			.where('id', '=', own.patientId)
			.execute();
		expect(
			await confirmEmailOwnership(db(), { emailNormalized: 'flo@example.com' }, context)
		).toEqual({ merged: [], confirmed: [], leftForStaff: [online.patientId] });
	});
});
