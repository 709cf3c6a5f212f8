import { z } from 'zod';
import { emailAddress, phoneNumber, requiredText, singleLineText } from './fields';

/** The clinic as the public site presents it: the owner's profile form. */
export const clinicProfileForm = z.object({
	name: singleLineText('the clinic name', 2, 120),
	tagline: singleLineText('a tagline', 5, 200),
	phone: phoneNumber,
	email: emailAddress,
	description: requiredText('a description', 20, 1000)
});

export type ClinicProfile = z.infer<typeof clinicProfileForm>;
