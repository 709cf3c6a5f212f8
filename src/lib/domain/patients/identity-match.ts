/*
 * Who a booking belongs to (issue 12, ADR 0029). What someone types into a booking form
 * (name, email, phone) proves nothing, so an online booking never joins an existing record on
 * its own say-so: it makes a record of its own, and when its name and email are those of an
 * existing patient that record waits, "unconfirmed", with the existing one as its possible
 * match, until the inbox is proven (an emailed link) or staff decide.
 */

/** Emails compare case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Names compare case-insensitively, with runs of spaces folded. */
export function normalizeName(name: string): string {
	return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

export type IdentityStatus = 'confirmed' | 'unconfirmed';

/** A patient record as matching sees it. */
export interface IdentityRecord {
	id: number;
	emailNormalized: string;
	nameNormalized: string;
	status: IdentityStatus;
	possibleMatchId: number | null;
	mergedIntoId: number | null;
}

/** Whether two records carry the same name and email, as bookings compare them. */
export function sameNameAndEmail(
	a: Pick<IdentityRecord, 'emailNormalized' | 'nameNormalized'>,
	b: Pick<IdentityRecord, 'emailNormalized' | 'nameNormalized'>
): boolean {
	return a.emailNormalized === b.emailNormalized && a.nameNormalized === b.nameNormalized;
}

/** A record that stands for a person: confirmed and not joined into another. */
export function isMatchTarget(record: IdentityRecord): boolean {
	return record.status === 'confirmed' && record.mergedIntoId === null;
}

/** How a new online booking's own record starts. */
export type NewRecordIdentity =
	| { status: 'confirmed'; possibleMatchId: null }
	| { status: 'unconfirmed'; possibleMatchId: number };

/**
 * The identity of the record an online booking creates, given the existing records with the
 * same name and email. With none that stands for a person, the booking is the first we know
 * of that person and its record is confirmed (there is nothing earlier to protect). Otherwise
 * it is unconfirmed, with the oldest such record as its possible match.
 */
export function onlineBookingIdentity(
	booked: Pick<IdentityRecord, 'emailNormalized' | 'nameNormalized'>,
	existing: readonly IdentityRecord[]
): NewRecordIdentity {
	const target = existing
		.filter((record) => isMatchTarget(record) && sameNameAndEmail(record, booked))
		.sort((a, b) => a.id - b.id)[0];
	return target
		? { status: 'unconfirmed', possibleMatchId: target.id }
		: { status: 'confirmed', possibleMatchId: null };
}

/** What proving control of an inbox does to one record. */
export type OwnershipDecision =
	| { kind: 'merge'; recordId: number; intoId: number }
	| { kind: 'confirm'; recordId: number }
	/** The possible match no longer has this email (staff changed it): staff decide. */
	| { kind: 'leave'; recordId: number };

/**
 * What happens when someone proves they control the inbox `emailNormalized`: each unconfirmed
 * record with that email whose possible match stands for a person and has the same email is
 * joined to it; one without a possible match (kept apart by staff, or whose match is gone)
 * becomes confirmed; one whose match changed its email is left to staff. Records already
 * merged or confirmed are not touched, so doing it twice decides nothing new.
 */
export function emailOwnershipDecisions(
	emailNormalized: string,
	records: readonly IdentityRecord[]
): OwnershipDecision[] {
	const byId = new Map(records.map((record) => [record.id, record]));
	return records
		.filter(
			(record) =>
				record.emailNormalized === emailNormalized &&
				record.status === 'unconfirmed' &&
				record.mergedIntoId === null
		)
		.sort((a, b) => a.id - b.id)
		.map((record): OwnershipDecision => {
			if (record.possibleMatchId === null) return { kind: 'confirm', recordId: record.id };
			const match = byId.get(record.possibleMatchId);
			if (!match || !isMatchTarget(match)) return { kind: 'confirm', recordId: record.id };
			return match.emailNormalized === emailNormalized
				? { kind: 'merge', recordId: record.id, intoId: match.id }
				: { kind: 'leave', recordId: record.id };
		});
}

/** Why a staff merge of two records is refused, or null when it may go ahead. */
export function mergeRefusal(
	from: IdentityRecord | null,
	into: IdentityRecord | null
): string | null {
	if (!from || !into) return 'One of these records no longer exists.';
	if (from.id === into.id) return 'A record cannot be merged into itself.';
	if (from.mergedIntoId !== null) return 'This record has been merged already.';
	if (from.status !== 'unconfirmed') return 'Only an unconfirmed record can be merged.';
	if (!isMatchTarget(into)) return 'That record has itself been merged or is not confirmed.';
	return null;
}
