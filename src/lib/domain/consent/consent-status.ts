/*
 * Where a patient stands with the clinic's consent: signed the current version, signed only an
 * older one (the owner has published a newer text since), or never signed. One rule, used by
 * the patient's manage page and by every staff page that shows it.
 */

export type ConsentState = 'signed' | 'older_version' | 'not_signed';

/**
 * The state from the highest version the patient signed and the current version. Without any
 * version published yet, nobody has signed anything.
 */
export function consentState(
	latestSignedVersion: number | null,
	currentVersion: number | null
): ConsentState {
	if (latestSignedVersion === null) return 'not_signed';
	if (currentVersion === null || latestSignedVersion >= currentVersion) return 'signed';
	return 'older_version';
}

/** A signature as the status lines describe it: its version and the day, already formatted. */
export interface SignedVersion {
	version: number;
	/** "March 3, 2027", in the clinic's zone. */
	date: string;
}

/** The staff line: "signed (version 2, March 3, 2027)", "not signed" or "signed an older version ...". */
export function describeConsentForStaff(
	state: ConsentState,
	signed: SignedVersion | null,
	currentVersion: number | null
): string {
	if (state === 'not_signed' || !signed) return 'not signed';
	if (state === 'signed') return `signed (version ${signed.version}, ${signed.date})`;
	return `signed an older version (version ${signed.version}, ${signed.date}); version ${currentVersion} is not signed yet`;
}

/** The patient's line on the manage page, in their words. */
export function describeConsentForPatient(
	state: ConsentState,
	signed: SignedVersion | null
): string {
	if (state === 'not_signed' || !signed) return 'Please read and sign before your visit.';
	if (state === 'signed') return `Signed on ${signed.date} (version ${signed.version}).`;
	return `We have updated the form since you signed it on ${signed.date}. Please read and sign the new version before your next visit.`;
}
