/*
 * The invitation email. It names the clinic and carries the link, nothing else: no visit
 * reason, no condition, no practitioner (an email may be read by anyone with the inbox, as for
 * reminders in the product brief), and no reward of any kind (16 CFR 465.4: no incentives for
 * reviews, and none tied to what is said). It asks for honest feedback, good or bad.
 */

/** The subject and text of a feedback invitation. */
export function feedbackInvitationEmail(
	clinicName: string,
	link: string,
	validDays: number
): { subject: string; text: string } {
	return {
		subject: `${clinicName}: would you tell us how it is going?`,
		text: [
			`${clinicName} asks every patient, or a random selection of them, for feedback: it does not depend on how your visits went.`,
			'',
			'If you would like to tell us, good or bad, this link opens a short form:',
			link,
			'',
			`The link works for ${validDays} days and only for you, so please do not forward this email. Whether you answer or not changes nothing about your care.`,
			'',
			'What you write reaches the clinic. Nothing is published unless you choose to, separately, and you can change your mind later.'
		].join('\n')
	};
}

/** Words an invitation must never contain: rewards, or asking only for good reviews. */
export const incentiveWording =
	/\b(?:discount|free|gift|voucher|coupon|reward|prize|draw|raffle|\$\d|%\s*off|5[- ]stars?|positive review)/i;
