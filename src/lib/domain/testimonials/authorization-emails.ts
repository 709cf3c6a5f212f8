/*
 * The emails around a permission to publish. The confirmation is the patient's copy of what
 * they agreed to and carries the link that revokes it, so it is the one place the revoke link
 * lives; like every email, it names no condition or symptom. The clinic's notice of new
 * feedback names nobody: the feedback is read in the workspace.
 */

/** The patient's confirmation: what will be shown, until when, and the revoke link. */
export function authorizationConfirmationEmail(input: {
	clinicName: string;
	displayName: string;
	documentTitle: string;
	documentVersion: number;
	signedOn: string;
	expiresOn: string;
	revokeLink: string;
}): { subject: string; text: string } {
	return {
		subject: `${input.clinicName}: your permission to publish your feedback`,
		text: [
			`Thank you. On ${input.signedOn} you gave ${input.clinicName} permission to publish your feedback on its website ("${input.documentTitle}", version ${input.documentVersion}).`,
			'',
			`It will be shown with the name "${input.displayName}", after a member of staff has checked it. The permission ends on ${input.expiresOn}, unless you revoke it sooner.`,
			'',
			'You can revoke it at any time, without giving a reason. Your words leave the website as soon as you do:',
			input.revokeLink,
			'',
			'Keep this email: the link is the quickest way to change your mind. You can also write to us, and you may ask for a copy of what you signed.',
			'',
			'Your care does not depend on this in any way.'
		].join('\n')
	};
}

/** The patient's confirmation that the permission is revoked. */
export function revocationConfirmationEmail(input: { clinicName: string; revokedOn: string }): {
	subject: string;
	text: string;
} {
	return {
		subject: `${input.clinicName}: your feedback has been taken off our website`,
		text: [
			`On ${input.revokedOn} you revoked your permission for ${input.clinicName} to publish your feedback. It is no longer shown on our website, and we will not publish it again.`,
			'',
			'The clinic keeps a record of your permission and of its revocation, as the law requires, but nothing more will be published. Your care is not affected.'
		].join('\n')
	};
}

/** To the clinic: new feedback arrived. It names no patient and quotes nothing. */
export function newFeedbackNoticeEmail(input: { clinicName: string; link: string }): {
	subject: string;
	text: string;
} {
	return {
		subject: `${input.clinicName}: new patient feedback`,
		text: [
			'A patient has sent feedback through an invitation. Read it in the staff workspace:',
			input.link,
			'',
			'Feedback reaches the clinic whether or not the patient lets us publish it.'
		].join('\n')
	};
}
