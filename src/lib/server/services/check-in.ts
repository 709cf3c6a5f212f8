import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import {
	formatAppointmentTime,
	formatClockTime,
	formatLongDate
} from '$lib/domain/booking/appointment-time';
import type { FormValues } from '$lib/domain/intake/form-values';
import {
	questionSections,
	type ConditionSetId,
	type QuestionSection,
	type ScreeningOutcome
} from '$lib/domain/intake/red-flags';
import {
	checkInRedFlagSets,
	checkInWindow,
	checkInWindowState,
	parseVisitCheckIn,
	psfsActivitiesFromItems,
	visitNeedsReview,
	visitNumber,
	type RedFlagAnswers,
	type VisitCheckIn
} from '$lib/domain/outcomes/check-in';
import { psfsDueAtVisit, type PsfsActivity } from '$lib/domain/outcomes/scales';
import {
	findAppointment,
	findAppointmentByTokenHash,
	type AppointmentRecord
} from '../db/repositories/appointment-repository';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { isUniqueViolation } from '../db/repositories/idempotency-repository';
import { findCurrentIntake, findLatestSubmittedIntake } from '../db/repositories/intake-repository';
import { consumeKioskToken, findKioskToken } from '../db/repositories/kiosk-repository';
import {
	countAttendedVisitsBefore,
	findLatestPsfsItems,
	hasCheckIn,
	insertOutcomeResponses,
	type OutcomeSource
} from '../db/repositories/outcome-repository';
import type { Database } from '../db/schema';
import { transactionWithRetry } from '../db/transaction';
import type { RequestMeta } from './audit';
import { loadClinicContact } from './clinic-contact';
import { applyScreeningToAppointment, recordScreening } from './red-flag-screening';
import { hashToken, looksLikeToken } from './tokens';
import type { VisitForm } from './visit-forms';

/*
 * The check-in before each visit (issue 5), reached two ways: the patient's manage link
 * (`/manage/<token>/check-in`, answers stored as source 'link') and a one-time kiosk token on
 * the front desk's tablet (`/kiosk/<token>`, source 'kiosk'). The scores, the red-flag
 * screening and any flag for review are stored in one transaction, once per appointment.
 */

/** How the patient reached the check-in. */
export type CheckInAccess = { via: 'link'; token: string } | { via: 'kiosk'; token: string };

export interface CheckInContext {
	now: Temporal.Instant;
	origin: URL;
	request?: RequestMeta;
}

/** What the form needs to show an open check-in. */
export interface OpenCheckIn {
	/** "Monday, March 15, 2027, 9:00 am – 10:00 am CDT (Milwaukee time)". */
	when: string;
	/** Which visit this is in the patient's course (see `visitNumber`). */
	visitNumber: number;
	/** The activities to re-rate when PSFS is due and the patient has named some; else null. */
	psfs: PsfsActivity[] | null;
	/** The red-flag sets asked, chosen by the reasons given in the health form (every set without one). */
	redFlagSets: ConditionSetId[];
	/** Whether a health form gave the reason for the visit; when not, every set is asked. */
	reasonKnown: boolean;
	/** Their questions, each about a change "since your last visit". */
	redFlagSections: QuestionSection[];
}

/** Why a check-in cannot be answered now, or the form to answer. */
export type CheckInState =
	| { kind: 'not_found' }
	/** A kiosk token that was used already or has expired. */
	| { kind: 'kiosk_ended' }
	| { kind: 'not_yet'; opensOn: string; when: string }
	| { kind: 'closed' }
	| { kind: 'answered' }
	| ({ kind: 'open' } & OpenCheckIn);

export type CheckInResult =
	| Exclude<CheckInState, { kind: 'open' }>
	| {
			kind: 'invalid';
			form: OpenCheckIn;
			errors: Record<string, string>;
			/** An emergency in the red-flag answers, acted on although a score is missing. */
			emergency: boolean;
	  }
	| { kind: 'saved'; outcome: ScreeningOutcome };

interface Resolved {
	appointment: AppointmentRecord;
	kioskTokenId: number | null;
}

/** The appointment a link or a live kiosk token leads to, or why there is none. */
async function resolve(
	db: Kysely<Database>,
	access: CheckInAccess,
	now: Temporal.Instant
): Promise<Resolved | { kind: 'not_found' } | { kind: 'kiosk_ended' }> {
	if (!looksLikeToken(access.token)) return { kind: 'not_found' };
	const hash = hashToken(access.token);
	if (access.via === 'link') {
		const appointment = await findAppointmentByTokenHash(db, hash);
		return appointment ? { appointment, kioskTokenId: null } : { kind: 'not_found' };
	}
	const token = await findKioskToken(db, hash);
	if (!token) return { kind: 'not_found' };
	if (token.usedAt || token.expiresAt.epochMilliseconds <= now.epochMilliseconds) {
		return { kind: 'kiosk_ended' };
	}
	const appointment = await findAppointment(db, token.appointmentId);
	return appointment ? { appointment, kioskTokenId: token.id } : { kind: 'not_found' };
}

/**
 * Where an appointment's check-in stands: outside its window, answered already, or open
 * with what the form asks (PSFS at every fourth visit, when the patient has named activities).
 */
async function stateOf(
	db: Kysely<Database>,
	appointment: AppointmentRecord,
	now: Temporal.Instant,
	via: CheckInAccess['via']
): Promise<CheckInState> {
	const clinic = await loadClinicContact(db, appointment.locationId);
	const when = formatAppointmentTime(
		appointment.start,
		appointment.end,
		clinic.timeZone,
		clinic.city
	);
	const window = checkInWindowState(appointment, clinic.timeZone, now);
	if (window === 'not_yet') {
		const opensAt = checkInWindow(appointment.start, clinic.timeZone).opensAt;
		const opens = formatAppointmentTime(opensAt, opensAt, clinic.timeZone, clinic.city);
		return { kind: 'not_yet', opensOn: `${opens.date}, ${opens.startTime}`, when: when.full };
	}
	if (window === 'closed') return { kind: 'closed' };
	if (await hasCheckIn(db, appointment.id)) return { kind: 'answered' };
	const number = visitNumber(
		await countAttendedVisitsBefore(db, appointment.patientId, appointment.start, appointment.id)
	);
	// Through a manage link only what was answered through this appointment names the
	// activities (ADR 0029); the kiosk, handed over by staff who know the patient, reads the
	// patient's last answer.
	const psfs = psfsDueAtVisit(number)
		? psfsActivitiesFromItems(
				await findLatestPsfsItems(
					db,
					via === 'link' ? { appointmentId: appointment.id } : { patientId: appointment.patientId }
				)
			)
		: null;
	// The warning signs of what the patient is coming about, as a health form gave it: this
	// appointment's; at the kiosk, handed over by staff, else the patient's latest (a manage
	// link reaches only its own appointment, ADR 0029). With none, every set (hazard H6a).
	const intake =
		(await findCurrentIntake(db, appointment.id)) ??
		(via === 'kiosk' ? await findLatestSubmittedIntake(db, appointment.patientId) : null);
	const { sets: redFlagSets, reasonKnown } = checkInRedFlagSets(intake?.steps.pain);
	return {
		kind: 'open',
		when: when.full,
		visitNumber: number,
		psfs,
		redFlagSets,
		reasonKnown,
		redFlagSections: questionSections(redFlagSets, 'since_last_visit')
	};
}

/** What the check-in page shows for a link or a kiosk token at `now`. */
export async function loadCheckIn(
	db: Kysely<Database>,
	access: CheckInAccess,
	now: Temporal.Instant,
	request?: RequestMeta
): Promise<CheckInState> {
	const resolved = await resolve(db, access, now);
	if ('kind' in resolved) return resolved;
	const state = await stateOf(db, resolved.appointment, now, access.via);
	// Activities named in this appointment's health form are health data: their showing
	// through a manage link is recorded, with the address (ADR 0029).
	if (access.via === 'link' && state.kind === 'open' && state.psfs) {
		await appendAuditEvent(db, {
			at: now,
			actor: actorFor('link'),
			action: 'outcomes.check_in_view',
			patientId: resolved.appointment.patientId,
			subject: { type: 'appointment', id: resolved.appointment.id },
			ip: request?.ip,
			requestId: request?.requestId
		});
	}
	return state;
}

/**
 * Stores a check-in: the scores (source 'link' or 'kiosk'), the red-flag screening (source
 * 'visit') and, when any answer is a warning sign, the appointment's flag for review, all in
 * one transaction; a kiosk token is used up in it too. A second check-in for the appointment
 * is refused as 'answered' and stores nothing. An incomplete form stores nothing either,
 * except that an emergency in complete red-flag answers is screened and flagged at once.
 */
export async function submitCheckIn(
	db: Kysely<Database>,
	access: CheckInAccess,
	values: FormValues,
	context: CheckInContext
): Promise<CheckInResult> {
	try {
		return await transactionWithRetry(db, async (trx): Promise<CheckInResult> => {
			const resolved = await resolve(trx, access, context.now);
			if ('kind' in resolved) return resolved;
			const { appointment } = resolved;
			const state = await stateOf(trx, appointment, context.now, access.via);
			if (state.kind !== 'open') return state;
			const { kind: _open, ...form } = state;
			const parsed = parseVisitCheckIn(values, form.psfs, form.redFlagSets);
			if (!parsed.ok) {
				const emergency = parsed.redFlags?.screening.outcome === 'emergency';
				if (emergency && parsed.redFlags) {
					await screen(trx, appointment, parsed.redFlags, access.via, context);
				}
				return { kind: 'invalid', form, errors: parsed.errors, emergency };
			}
			if (resolved.kioskTokenId !== null) {
				const consumed = await consumeKioskToken(trx, resolved.kioskTokenId, context.now);
				if (!consumed) return { kind: 'kiosk_ended' };
			}
			await store(trx, appointment, parsed.data, access.via, context);
			return { kind: 'saved', outcome: parsed.data.redFlags.screening.outcome };
		});
	} catch (error) {
		// Two submits at once: the database's one-check-in index let only the first through.
		if (isUniqueViolation(error)) return { kind: 'answered' };
		throw error;
	}
}

async function store(
	trx: Kysely<Database>,
	appointment: AppointmentRecord,
	checkIn: VisitCheckIn,
	via: CheckInAccess['via'],
	context: CheckInContext
): Promise<void> {
	const source: OutcomeSource = via;
	await insertOutcomeResponses(trx, {
		patientId: appointment.patientId,
		appointmentId: appointment.id,
		source,
		at: context.now,
		responses: [
			{ scale: 'nprs', score: checkIn.nprs.score, items: { nprs: checkIn.nprs.score } },
			{ scale: 'peg', score: checkIn.peg.score, items: checkIn.peg.items },
			...(checkIn.psfs
				? [
						{
							scale: 'psfs' as const,
							score: checkIn.psfs.score,
							items: { activities: checkIn.psfs.activities }
						}
					]
				: [])
		]
	});
	const screeningId = await screen(trx, appointment, checkIn.redFlags, via, context);
	await appendAuditEvent(trx, {
		at: context.now,
		actor: actorFor(via),
		action: 'outcomes.check_in',
		patientId: appointment.patientId,
		subject: { type: 'appointment', id: appointment.id },
		after: {
			source,
			scales: checkIn.psfs ? ['nprs', 'peg', 'psfs'] : ['nprs', 'peg'],
			screeningId
		},
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
}

/** Stores the visit's screening and flags the appointment when an answer is a warning sign. */
async function screen(
	trx: Kysely<Database>,
	appointment: AppointmentRecord,
	redFlags: RedFlagAnswers,
	via: CheckInAccess['via'],
	context: CheckInContext
): Promise<number> {
	const screeningId = await recordScreening(trx, {
		source: 'visit',
		answers: redFlags.answers,
		screening: redFlags.screening,
		now: context.now,
		patientId: appointment.patientId,
		appointmentId: appointment.id
	});
	// Only a warning sign touches the appointment: a reassuring visit screening must not
	// replace the link to the screening that flagged the booking.
	if (visitNeedsReview(redFlags.screening)) {
		await applyScreeningToAppointment(
			trx,
			appointment,
			{ id: screeningId, needsClinicianReview: true },
			{ now: context.now, origin: context.origin, actor: actorFor(via) }
		);
	}
	return screeningId;
}

function actorFor(via: CheckInAccess['via']) {
	return via === 'kiosk'
		? { type: 'patient' as const, label: 'check-in on the front desk tablet' }
		: { type: 'patient' as const, label: 'manage link' };
}

/**
 * The check-in's entry on the manage page (see visit-forms.ts): offered for a visit still to
 * happen or under way, done once answered. The page itself says when it opens or has closed.
 */
export async function checkInVisitForm(
	db: Kysely<Database>,
	appointment: { id: number; status: string; start: string; location: { timeZone: string } },
	now: Temporal.Instant
): Promise<VisitForm | null> {
	if (appointment.status !== 'booked' && appointment.status !== 'arrived') return null;
	const done = await hasCheckIn(db, appointment.id);
	const start = Temporal.Instant.from(appointment.start);
	const zone = appointment.location.timeZone;
	const state = checkInWindowState({ start, status: appointment.status }, zone, now);
	const opensAt = checkInWindow(start, zone).opensAt.toZonedDateTimeISO(zone);
	const intro = 'About a minute: how your pain is and the safety questions again.';
	return {
		path: 'check-in',
		label: 'Check-in before your visit',
		status: done
			? 'Done, thank you.'
			: state === 'open'
				? `${intro} Open now.`
				: state === 'not_yet'
					? `${intro} Opens ${formatLongDate(opensAt.toPlainDate())}, ${formatClockTime(opensAt)}.`
					: 'Closed for this visit.',
		done
	};
}
