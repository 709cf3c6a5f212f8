import { z } from 'zod';
import {
	readTypedSignature,
	signatureMatchesName,
	type ConsentSignature
} from '../consent/consent-signature';
import {
	choiceField,
	firstValue,
	formSchema,
	parseForm,
	type FormReader,
	type FormResult,
	type FormValues
} from '../intake/form-values';
import { publicationChoiceSchema, type PublicationChoice } from './publication-choice';

/*
 * The form a patient fills to let the clinic publish their feedback: how they are named, any
 * connection to the clinic, and their signature (typed full name and a ticked box), all in one
 * post so every mistake is reported at once.
 *
 * A personal representative (the parent of a child, a legal guardian, someone holding a power
 * of attorney) may sign for the patient. HIPAA then asks for a description of their authority
 * to act for the patient (45 CFR 164.508(c)(1)(vi)), so the authority is required, and the
 * representative types their own name: a name matching the patient's would make the signature
 * say two different things.
 */

/** Who signs: the patient, or a personal representative for them. */
export const signers = ['patient', 'representative'] as const;
export type Signer = (typeof signers)[number];

/** A valid authorization form. */
export interface AuthorizationForm {
	choice: PublicationChoice;
	signature: ConsentSignature;
	/** Set when a personal representative signed: what gives them authority to act. */
	representative: { authority: string } | null;
}

const agreeMessage = 'Please tick the box to confirm that you give permission to publish.';
const signerMessage = 'Please say whether you are the patient or sign for them.';
const authorityMessage =
	'Please say what gives you the authority to sign for the patient, for example parent of a child under 18, legal guardian, or power of attorney for health care.';
const authorityOnlyForRepresentative =
	'You chose to sign as the patient. Leave this empty, or choose that you sign for the patient.';
const representativeNameMessage = 'Please type your own full name.';
const representativeIsPatientMessage =
	'This is the patient’s name. If you are the patient, choose that you sign as the patient; a representative types their own name.';

/** Parses the authorization form for the patient named `patientName`. */
export function parseAuthorizationForm(
	values: FormValues,
	patientName: string
): FormResult<AuthorizationForm> {
	const schema = formSchema((form): AuthorizationForm => {
		const choice = publicationChoiceSchema.safeParse(form.values);
		if (!choice.success) {
			for (const issue of choice.error.issues) form.fail(String(issue.path[0]), issue.message);
		}
		// Older pages post no `signer`: they only let the patient sign.
		const signer: Signer =
			firstValue(form.values.signer) === undefined
				? 'patient'
				: form.field('signer', choiceField(signers, signerMessage), 'patient');
		const authority = (firstValue(form.values['representative-authority']) ?? '').trim();
		let signature: ConsentSignature;
		let representative: AuthorizationForm['representative'] = null;
		if (signer === 'patient') {
			if (authority !== '') form.fail('representative-authority', authorityOnlyForRepresentative);
			signature = readTypedSignature(form, patientName, agreeMessage);
		} else {
			signature = readRepresentativeSignature(form, patientName);
			representative = {
				authority: form.field(
					'representative-authority',
					z.preprocess(
						firstValue,
						z
							.string({ error: authorityMessage })
							.trim()
							.min(3, authorityMessage)
							.max(200, 'Please keep the description of your authority under 200 characters.')
					),
					''
				)
			};
		}
		return {
			choice: choice.success ? choice.data : { naming: 'anonymous', disclosure: { kind: 'none' } },
			signature,
			representative
		};
	});
	return parseForm(schema, values);
}

/** A representative's own typed name (not the patient's) and the ticked box. */
function readRepresentativeSignature(form: FormReader, patientName: string): ConsentSignature {
	const typedName = form.field(
		'signature-name',
		z.preprocess(
			firstValue,
			z
				.string({ error: representativeNameMessage })
				.trim()
				.min(1, representativeNameMessage)
				.max(200, 'Please keep your name under 200 characters.')
		),
		''
	);
	if (typedName && signatureMatchesName(typedName, patientName)) {
		form.fail('signature-name', representativeIsPatientMessage);
	}
	form.field('agree', choiceField(['yes'], agreeMessage), 'yes');
	return { typedName, agreed: true };
}
