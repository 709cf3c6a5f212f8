import { describe, expect, it } from 'vitest';
import {
	bookOrFail,
	inputFor,
	localDate,
	openSlots,
	testNow,
	tokenOf,
	useDemoClinic
} from '../../../../tests/support/booking';
import { testDialects } from '../../../../tests/support/databases';
import { linkIn, sendNewestEmail } from '../../../../tests/support/outbox';
import { listAuditEvents } from '../db/repositories/audit-repository';
import { followManageLink, openAccountFromManageLink } from './manage-link-proof';
import { findPatientSession } from './patient-sign-in';

const dialects = await testDialects();
const context = { now: testNow, request: { ip: '198.51.100.77', requestId: 'proof' } };

/*
 * Issue 12: "Following an emailed link joins it to that record". A stranger books with a
 * patient's name and email; the link handed back proves nothing, the one emailed to the
 * address on record does.
 */
describe.each(dialects)('an emailed manage link proves the inbox, on %s', (dialect) => {
	const clinic = useDemoClinic(dialect);
	const db = () => clinic.db();

	async function patientRow(appointmentId: number) {
		return db()
			.selectFrom('appointment')
			.innerJoin('patient', 'patient.id', 'appointment.patient_id')
			.select([
				'patient.id',
				'patient.email',
				'patient.identity_status',
				'patient.possible_match_patient_id',
				'patient.merged_into_patient_id'
			])
			.where('appointment.id', '=', appointmentId)
			.executeTakeFirstOrThrow();
	}

	it('the booking link proves nothing; the emailed one joins the booking to the record and opens the page', async () => {
		// An existing, confirmed patient of the demo clinic.
		const existing = await db()
			.selectFrom('patient')
			.select(['id', 'name', 'email', 'phone'])
			.where('identity_status', '=', 'confirmed')
			.orderBy('id')
			.executeTakeFirstOrThrow();
		const [slot] = await openSlots(db(), {
			serviceId: clinic.ids.service.followUp,
			practitionerId: 'any',
			from: localDate('2027-03-09'),
			to: localDate('2027-03-09')
		});
		if (!slot) throw new Error('no open slot');
		const booked = await bookOrFail(db(), {
			...inputFor(slot, clinic.ids.service.followUp, 'x'),
			patient: { name: existing.name, email: existing.email, phone: existing.phone }
		});
		const before = await patientRow(booked.body.id);
		expect(before).toMatchObject({
			identity_status: 'unconfirmed',
			possible_match_patient_id: existing.id,
			merged_into_patient_id: null
		});

		// Whoever booked holds the link handed back: it proves no inbox and opens no page.
		const handedBack = tokenOf(booked.body.manageUrl);
		expect(await followManageLink(db(), handedBack, context)).toEqual({ inboxProven: false });
		expect(await openAccountFromManageLink(db(), handedBack, context)).toEqual({
			kind: 'unusable'
		});
		expect((await patientRow(booked.body.id)).merged_into_patient_id).toBeNull();

		// The confirmation goes to the address on record; its link proves that inbox.
		const email = await sendNewestEmail(
			db(),
			{ kind: 'confirmation', recipient: existing.email },
			testNow
		);
		const emailed = linkIn(email, /\/manage\/([A-Za-z0-9_-]{43})/);
		expect(emailed).not.toBe(handedBack);
		expect(await followManageLink(db(), emailed, context)).toEqual({ inboxProven: true });
		expect((await patientRow(booked.body.id)).merged_into_patient_id).toBe(existing.id);
		// Following it again decides nothing new.
		expect(await followManageLink(db(), emailed, context)).toEqual({ inboxProven: true });
		const merges = (await listAuditEvents(db(), { patientId: before.id })).filter(
			(event) => event.action === 'patient.merge'
		);
		expect(merges).toHaveLength(1);
		expect(merges[0]?.actor.label).toMatch(/by email link/);

		// And it opens the patient's own page for that address.
		const opened = await openAccountFromManageLink(db(), emailed, context);
		if (opened.kind !== 'signed_in') throw new Error('expected a session');
		const session = await findPatientSession(db(), opened.token, testNow);
		expect(session?.emailNormalized).toBe(existing.email.trim().toLowerCase());
	});

	it('a malformed or unknown token proves nothing', async () => {
		for (const token of ['', 'nope', 'A'.repeat(43)]) {
			expect(await followManageLink(db(), token, context)).toEqual({ inboxProven: false });
			expect(await openAccountFromManageLink(db(), token, context)).toEqual({ kind: 'unusable' });
		}
	});
});
