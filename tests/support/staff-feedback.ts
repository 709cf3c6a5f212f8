// Feedback for the staff moderation pages, written straight into a running server's database:
// an invitation for a booked appointment, the patient's feedback and, if asked, their signed
// permission to publish (the patient's own pages have their own browser test).
import { Temporal } from 'temporal-polyfill';
import { connect } from '../../src/lib/server/db/connection';
import { insertInvitation } from '../../src/lib/server/db/repositories/feedback-repository';
import {
	insertAuthorization,
	insertFeedback
} from '../../src/lib/server/db/repositories/testimonial-publication-repository';
import type { ConnectionKind } from '../../src/lib/domain/testimonials/publication-choice';
import { ensureAuthorizationDocument } from '../../src/lib/server/services/testimonial-authorization-text';
import { newSecretToken } from '../../src/lib/server/services/tokens';

export interface SeededFeedback {
	feedbackId: number;
	patientId: number;
}

/**
 * Records feedback for the patient of appointment `appointmentId` (one invitation per
 * appointment), with a permission to publish in effect for three years unless `permission`
 * is null.
 */
export async function seedFeedback(
	dataDir: string,
	spec: {
		appointmentId: number;
		rating: number;
		words: string;
		permission: { displayName: string; connection?: ConnectionKind } | null;
	}
): Promise<SeededFeedback> {
	const handle = connect({ databaseUrl: null, dataDir });
	try {
		const db = handle.db;
		const now = Temporal.Now.instant();
		const appointment = await db
			.selectFrom('appointment as a')
			.innerJoin('patient as p', 'p.id', 'a.patient_id')
			.select(['a.patient_id', 'p.name'])
			.where('a.id', '=', spec.appointmentId)
			.executeTakeFirstOrThrow();
		const invitationId = await insertInvitation(db, {
			tokenHash: newSecretToken().hash,
			patientId: appointment.patient_id,
			appointmentId: spec.appointmentId,
			reason: 'visit_number',
			visitNumber: 3,
			createdAt: now,
			expiresAt: now.add({ hours: 24 * 30 })
		});
		const feedbackId = await insertFeedback(db, {
			invitationId,
			patientId: appointment.patient_id,
			rating: spec.rating,
			words: spec.words,
			conditionId: null,
			createdAt: now
		});
		if (spec.permission) {
			const document = await ensureAuthorizationDocument(db, now);
			await insertAuthorization(db, {
				feedbackId,
				patientId: appointment.patient_id,
				documentId: document.id,
				textHash: document.textHash,
				naming: 'first_name_last_initial',
				displayName: spec.permission.displayName,
				connectionKind: spec.permission.connection ?? 'none',
				connectionText: null,
				typedName: appointment.name,
				signedAt: now,
				expiresOn: Temporal.Now.plainDateISO('America/Chicago').add({ years: 3 }).toString(),
				revokeTokenHash: newSecretToken().hash,
				ip: null
			});
		}
		return { feedbackId, patientId: appointment.patient_id };
	} finally {
		await handle.close();
	}
}
