import { readTypedSignature, type ConsentSignature } from '../consent/consent-signature';
import { formSchema, parseForm, type FormResult, type FormValues } from '../intake/form-values';
import { publicationChoiceSchema, type PublicationChoice } from './publication-choice';

/*
 * The form a patient fills to let the clinic publish their feedback: how they are named, any
 * connection to the clinic, and their signature (typed full name and a ticked box), all in one
 * post so every mistake is reported at once.
 */

/** A valid authorization form. */
export interface AuthorizationForm {
	choice: PublicationChoice;
	signature: ConsentSignature;
}

const agreeMessage = 'Please tick the box to confirm that you give permission to publish.';

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
		const signature = readTypedSignature(form, patientName, agreeMessage);
		return {
			choice: choice.success ? choice.data : { naming: 'anonymous', disclosure: { kind: 'none' } },
			signature
		};
	});
	return parseForm(schema, values);
}
