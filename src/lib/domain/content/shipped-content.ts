/*
 * The articles shipped with the software were written for the fictional demo clinic. A real
 * clinic receives them as drafts (ADR 0034) with the demo's name, phone number and service
 * links replaced by its own, and no byline from the demo: the owner chooses the author, and the
 * reviewer and review date are set in the editor before publishing.
 */

/** The demo clinic's details as the shipped text spells them. */
export const demoClinicInText = {
	name: 'Harbor Lantern Acupuncture',
	phone: '(414) 555-0142'
} as const;

/** A shipped text made the clinic's own: its name and phone, and booking links without a service. */
export function adaptShippedText(text: string, clinic: { name: string; phone: string }): string {
	return text
		.replaceAll(demoClinicInText.name, clinic.name)
		.replaceAll(demoClinicInText.phone, clinic.phone)
		.replaceAll(/\/book\?service=[a-z0-9-]+/g, '/book');
}

/** Whether a text still names the demo clinic or its phone number. */
export function namesDemoClinic(text: string): boolean {
	return text.includes(demoClinicInText.name) || text.includes(demoClinicInText.phone);
}
