/*
 * The emails around a permission to publish. The confirmation is the patient's copy of what
 * they signed (45 CFR 164.508(c)(4)): the full text of the version, word for word, what it
 * allowed (the feedback and how it is shown), the date and the name it was signed with, and a
 * representative's authority when one signed. It carries the link that revokes the permission,
 * so it is the one place the revoke link lives. Unlike every other email it quotes the
 * feedback, condition included: that is what the patient allowed the whole internet to read,
 * and a copy without it would not be a copy (ADR 0042). The clinic's notice of new feedback
 * names nobody: the feedback is read in the workspace.
 */

/** The words beside the box a patient ticks to sign; the copy quotes them. */
export const authorizationAgreement =
	'I have read this and give my permission to publish my feedback';

/** What the confirmation needs: the version signed, what it allowed, and the signature. */
export interface AuthorizationCopy {
	clinicName: string;
	document: {
		title: string;
		version: number;
		/** SHA-256 of the version's canonical text, as stored with the signature. */
		textHash: string;
		/** The elements in the order signed, each with its heading. */
		sections: { heading: string; text: string }[];
	};
	feedback: { rating: number; words: string; conditionName: string | null; givenOn: string };
	displayName: string;
	/** The connection shown beside the words, or null for none. */
	disclosure: string | null;
	signedOn: string;
	typedName: string;
	/** Set when a personal representative signed for the patient. */
	representative: { authority: string } | null;
	expiresOn: string;
	revokeLink: string;
}

/** The patient's confirmation and copy: the summary, the revoke link, then the full text. */
export function authorizationConfirmationEmail(input: AuthorizationCopy): {
	subject: string;
	text: string;
} {
	const { document, feedback } = input;
	const signedBy = input.representative
		? [
				`Signed on ${input.signedOn} by a personal representative for the patient, typing the name "${input.typedName}" and ticking "${authorizationAgreement}".`,
				`Authority to act for the patient, as stated: ${input.representative.authority}`
			]
		: [
				`Signed on ${input.signedOn} by typing the name "${input.typedName}" and ticking "${authorizationAgreement}".`
			];
	return {
		subject: `${input.clinicName}: your permission to publish your feedback`,
		text: [
			`Thank you. On ${input.signedOn} you gave ${input.clinicName} permission to publish your feedback on its website ("${document.title}", version ${document.version}). This email is your copy of what was signed: the full text is below.`,
			'',
			`It will be shown with the name "${input.displayName}", after a member of staff has checked it. The permission ends on ${input.expiresOn}, unless you revoke it sooner.`,
			'',
			'You can revoke it at any time, without giving a reason. Your words leave the website as soon as you do:',
			input.revokeLink,
			'',
			'Keep this email: it is your copy, and the link is the quickest way to change your mind. You can also write to us.',
			'',
			'Your care does not depend on this in any way.',
			'',
			'========================================',
			`WHAT WAS SIGNED: ${document.title} (version ${document.version})`,
			'========================================',
			...document.sections.flatMap((section) => ['', section.heading.toUpperCase(), section.text]),
			'',
			'WHAT YOU ALLOWED US TO PUBLISH',
			`Rating: ${feedback.rating} out of 5`,
			`Your words, as you wrote them: "${feedback.words}"`,
			...(feedback.conditionName ? [`About: ${feedback.conditionName}`] : []),
			`Given on: ${feedback.givenOn}`,
			`Shown with the name: "${input.displayName}"`,
			`Connection shown beside the words: ${input.disclosure ?? 'none'}`,
			'',
			'SIGNATURE',
			...signedBy,
			`Ends on: ${input.expiresOn}, unless revoked sooner.`,
			`Fingerprint of the text signed (SHA-256): ${document.textHash}`
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
