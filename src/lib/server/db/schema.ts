import type { ColumnType, Generated } from 'kysely';

/*
 * The tables as Kysely sees them. Both dialects store the same shapes: booleans as 0/1
 * integers, calendar dates as 'YYYY-MM-DD' text and wall-clock times as 'HH:MM' text, so that
 * repositories map rows to domain types the same way whichever database answers.
 */

export interface ClinicTable extends BookingPolicyColumns {
	id: Generated<number>;
	name: string;
	tagline: string;
	phone: string;
	email: string;
	description: string;
	is_demo: number;
	/** 1: practitioners read clinical records of their own patients only (migration 0017). */
	practitioners_own_patients_only: Generated<number>;
	/** The owner's "Open online booking" switch (migration 0019): 0 until the clinic goes live. */
	online_booking_open: Generated<number>;
}

export interface LocationTable {
	id: Generated<number>;
	slug: string;
	name: string;
	street: string;
	city: string;
	region: string;
	postal_code: string;
	country: string;
	time_zone: string;
	phone: string;
	directions_url: string;
	directions_text: string;
}

export interface LocationHoursTable {
	id: Generated<number>;
	location_id: number;
	weekday: number;
	opens: string;
	closes: string;
}

export interface RoomTable {
	id: Generated<number>;
	location_id: number;
	name: string;
	kind: string;
	/** 0 once retired (migration 0007): kept for its appointments, never chosen again. */
	active: Generated<number>;
}

export interface PractitionerTable {
	id: Generated<number>;
	slug: string;
	name: string;
	credentials: string;
	title: string;
	summary: string;
	bio_markdown: string;
	display_order: number;
	active: number;
	/** Migration 0019: the state licence number, and the optional ten-digit NPI. */
	licence_number: Generated<string>;
	npi: string | null;
}

export interface PractitionerHoursTable {
	id: Generated<number>;
	practitioner_id: number;
	location_id: number;
	weekday: number;
	start_time: string;
	end_time: string;
}

export interface ServiceTable {
	id: Generated<number>;
	slug: string;
	name: string;
	summary: string;
	duration_minutes: number;
	buffer_before_minutes: number;
	buffer_after_minutes: number;
	price_cents: number;
	room_kind: string | null;
	bookable_online: number;
	new_patients_only: number;
	display_order: number;
	active: number;
}

export interface PractitionerServiceTable {
	practitioner_id: number;
	service_id: number;
}

export interface ConditionTable {
	id: Generated<number>;
	slug: string;
	name: string;
	summary: string;
	body_markdown: string;
	service_id: number | null;
	display_order: number;
	/** 'draft' (seen only in the workspace) or 'published' (migration 0025). */
	status: Generated<string>;
	author_id: number | null;
	reviewer_id: number | null;
	/** The clinic's calendar date of the last review, 'YYYY-MM-DD'; null until reviewed. */
	last_reviewed_on: string | null;
	published_on: string | null;
}

export interface ConditionReferenceTable {
	id: Generated<number>;
	condition_id: number;
	position: number;
	citation: string;
	url: string | null;
}

export interface ArticleTable {
	id: Generated<number>;
	slug: string;
	title: string;
	description: string;
	body_markdown: string;
	author_id: number;
	reviewer_id: number | null;
	service_id: number | null;
	published_on: string | null;
	last_reviewed_on: string;
	status: string;
}

export interface ArticleReferenceTable {
	id: Generated<number>;
	article_id: number;
	position: number;
	citation: string;
	url: string | null;
}

export interface ArticleConditionTable {
	article_id: number;
	condition_id: number;
}

export interface PageTable {
	slug: string;
	title: string;
	description: string;
	body_markdown: string;
}

export interface TestimonialTable {
	id: Generated<number>;
	display_name: string;
	rating: number;
	body: string;
	condition_id: number | null;
	given_on: string;
	source: string;
	published: number;
	/* Entries from before the system (migration 0013): the paper authorization's attestation. */
	attested_by_id: string | null;
	attested_by_name: string | null;
	attested_at: NullableInstantColumn;
	/** Clinic-local dates, "2025-06-01". */
	authorization_signed_on: string | null;
	expires_on: string | null;
	connection_kind: 'none' | 'staff' | 'staff_family' | 'other' | null;
	connection_text: string | null;
	withdrawn_at: NullableInstantColumn;
	withdrawn_by_name: string | null;
	withdrawn_reason: string | null;
}

/** Every table of the application. */
export interface Database {
	clinic: ClinicTable;
	location: LocationTable;
	location_hours: LocationHoursTable;
	room: RoomTable;
	practitioner: PractitionerTable;
	practitioner_hours: PractitionerHoursTable;
	service: ServiceTable;
	practitioner_service: PractitionerServiceTable;
	condition: ConditionTable;
	condition_reference: ConditionReferenceTable;
	article: ArticleTable;
	article_reference: ArticleReferenceTable;
	article_condition: ArticleConditionTable;
	page: PageTable;
	testimonial: TestimonialTable;
	time_off: TimeOffTable;
	closure: ClosureTable;
	extra_hours: ExtraHoursTable;
	patient: PatientTable;
	patient_version: PatientVersionTable;
	appointment: AppointmentTable;
	idempotency_key: IdempotencyKeyTable;
	outbox_message: OutboxMessageTable;
	rate_limit_event: RateLimitEventTable;
	practitioner_feed: PractitionerFeedTable;
	audit_event: AuditEventTable;
	staff_user: StaffUserTable;
	staff_session: StaffSessionTable;
	staff_account: StaffAccountTable;
	staff_verification: StaffVerificationTable;
	staff_two_factor: StaffTwoFactorTable;
	staff_deactivation: StaffDeactivationTable;
	staff_totp_step: StaffTotpStepTable;
	emergency_access: EmergencyAccessTable;
	staff_practitioner: StaffPractitionerTable;
	red_flag_screening: RedFlagScreeningTable;
	red_flag_clearance: RedFlagClearanceTable;
	intake_form: IntakeFormTable;
	consent_document: ConsentDocumentTable;
	consent_signature: ConsentSignatureTable;
	outcome_response: OutcomeResponseTable;
	kiosk_token: KioskTokenTable;
	outcome_summary: OutcomeSummaryTable;
	feedback_invitation_policy: FeedbackInvitationPolicyTable;
	feedback_invitation: FeedbackInvitationTable;
	feedback: FeedbackTable;
	testimonial_authorization_document: TestimonialAuthorizationDocumentTable;
	testimonial_authorization: TestimonialAuthorizationTable;
	testimonial_moderation: TestimonialModerationTable;
	testimonial_revocation: TestimonialRevocationTable;
	patient_sign_in_link: PatientSignInLinkTable;
	patient_session: PatientSessionTable;
	anonymous_screening: AnonymousScreeningTable;
	retention_policy: RetentionPolicyTable;
	backup_run: BackupRunTable;
	import_draft: ImportDraftTable;
	emailed_link: EmailedLinkTable;
}

/** An instant as stored: UTC text on SQLite, `timestamptz` (read back as Date) on PostgreSQL. */
export type InstantColumn = ColumnType<string | Date, string, string>;
export type NullableInstantColumn = ColumnType<string | Date | null, string | null, string | null>;

export interface BookingPolicyColumns {
	slot_step_minutes: Generated<number>;
	minimum_notice_minutes: Generated<number>;
	booking_window_days: Generated<number>;
	cancellation_cutoff_hours: Generated<number>;
	reminder_lead_hours: Generated<number>;
}

export interface TimeOffTable {
	id: Generated<number>;
	practitioner_id: number;
	starts_at: InstantColumn;
	ends_at: InstantColumn;
	reason: string;
}

export interface ClosureTable {
	id: Generated<number>;
	location_id: number | null;
	starts_at: InstantColumn;
	ends_at: InstantColumn;
	reason: string;
}

export interface ExtraHoursTable {
	id: Generated<number>;
	practitioner_id: number;
	location_id: number;
	date: string;
	start_time: string;
	end_time: string;
}

export interface PatientTable {
	id: Generated<number>;
	name: string;
	email: string;
	email_normalized: string;
	name_normalized: string;
	phone: string;
	created_at: InstantColumn;
	/** Raised by every edit; a form carries the version it was read at (migration 0006). */
	version: Generated<number>;
	reminder_email: Generated<number>;
	preferred_contact: Generated<PreferredContactColumn>;
	may_leave_voicemail: Generated<number>;
	contact_note: string | null;
	/** Migration 0014 (ADR 0029): an online booking matching a patient waits 'unconfirmed'. */
	identity_status: Generated<'confirmed' | 'unconfirmed'>;
	possible_match_patient_id: Generated<number | null>;
	merged_into_patient_id: Generated<number | null>;
	identity_decided_at: Generated<string | Date | null>;
	identity_decided_by: Generated<string | null>;
}

export type PreferredContactColumn = 'email' | 'phone' | 'either';

/** Every version of a patient's contact details and preferences, append-only (migration 0006). */
export interface PatientVersionTable {
	id: Generated<number>;
	patient_id: number;
	version: number;
	name: string;
	email: string;
	phone: string;
	reminder_email: number;
	preferred_contact: PreferredContactColumn;
	may_leave_voicemail: number;
	contact_note: string | null;
	changed_at: InstantColumn;
	changed_by_id: string | null;
	changed_by_label: string;
	reason: string;
}

export interface AppointmentTable {
	id: Generated<number>;
	location_id: number;
	practitioner_id: number;
	room_id: number | null;
	service_id: number;
	patient_id: number;
	starts_at: InstantColumn;
	ends_at: InstantColumn;
	blocked_from: InstantColumn;
	blocked_until: InstantColumn;
	status: string;
	is_new_patient: number;
	note: string | null;
	source: string;
	needs_review: Generated<number>;
	sequence: Generated<number>;
	manage_token_hash: string;
	created_at: InstantColumn;
	updated_at: InstantColumn;
	cancelled_at: NullableInstantColumn;
	cancel_reason: string | null;
	/** The red-flag screening the booking followed (migration 0009). */
	screening_id: Generated<number | null>;
	/** A clinician's review of a flagged booking (migration 0009). */
	reviewed_at: Generated<string | Date | null>;
	reviewed_by_name: Generated<string | null>;
	review_note: Generated<string | null>;
}

export interface IdempotencyKeyTable {
	key: string;
	request_hash: string;
	status_code: number;
	response_json: string;
	created_at: InstantColumn;
}

export interface OutboxMessageTable {
	id: Generated<number>;
	kind: string;
	appointment_id: number | null;
	appointment_sequence: number | null;
	dedupe_key: string;
	recipient: string;
	payload_json: string;
	due_at: InstantColumn;
	attempts: Generated<number>;
	next_attempt_at: InstantColumn;
	claimed_until: NullableInstantColumn;
	status: string;
	sent_at: NullableInstantColumn;
	last_error: string | null;
	created_at: InstantColumn;
}

export interface RateLimitEventTable {
	id: Generated<number>;
	bucket: string;
	occurred_at: InstantColumn;
}

export interface PractitionerFeedTable {
	practitioner_id: number;
	token_hash: string;
	created_at: InstantColumn;
}

export interface AuditEventTable {
	id: Generated<number>;
	occurred_at: InstantColumn;
	actor_type: string;
	actor_id: string | null;
	actor_label: string;
	action: string;
	patient_id: number | null;
	subject_type: string | null;
	subject_id: string | null;
	before_json: string | null;
	after_json: string | null;
	ip: string | null;
	request_id: string | null;
}

export interface StaffUserTable {
	id: string;
	name: string;
	email: string;
	email_verified: FlagColumn;
	image: string | null;
	role: StaffRoleColumn;
	two_factor_enabled: FlagColumn | null;
	created_at: InstantColumn;
	updated_at: InstantColumn;
}

export interface StaffSessionTable {
	id: string;
	user_id: string;
	token: string;
	expires_at: InstantColumn;
	ip_address: string | null;
	user_agent: string | null;
	created_at: InstantColumn;
	updated_at: InstantColumn;
}

export interface StaffAccountTable {
	id: string;
	user_id: string;
	account_id: string;
	provider_id: string;
	password: string | null;
	access_token: string | null;
	refresh_token: string | null;
	id_token: string | null;
	access_token_expires_at: NullableInstantColumn;
	refresh_token_expires_at: NullableInstantColumn;
	scope: string | null;
	created_at: InstantColumn;
	updated_at: InstantColumn;
}

export interface StaffVerificationTable {
	id: string;
	identifier: string;
	value: string;
	expires_at: InstantColumn;
	created_at: InstantColumn;
	updated_at: InstantColumn;
}

export interface StaffTwoFactorTable {
	id: string;
	user_id: string;
	secret: string;
	backup_codes: string;
	verified: FlagColumn | null;
	failed_verification_count: number | null;
	locked_until: NullableInstantColumn;
}

/*
 * Staff sign-in (migration 0004). better-auth owns the writes; our code reads these tables for
 * roles and "is there an owner yet". Flags are booleans on PostgreSQL and 0/1 on SQLite.
 */
export type StaffRoleColumn = 'owner' | 'practitioner' | 'front_desk';
export type FlagColumn = ColumnType<boolean | number, boolean | number, boolean | number>;

/** The last TOTP time step each account used (migration 0017): a code is accepted once. */
export interface StaffTotpStepTable {
	user_id: string;
	last_step: number;
}

export interface StaffDeactivationTable {
	user_id: string;
	deactivated_at: InstantColumn;
	deactivated_by: string;
}

/** Break-glass grants (migration 0008); revoking early fills `revoked_at`, nothing is deleted. */
export interface EmergencyAccessTable {
	id: Generated<number>;
	staff_user_id: string;
	granted_by_id: string;
	granted_by_name: string;
	reason: string;
	starts_at: InstantColumn;
	ends_at: InstantColumn;
	revoked_at: NullableInstantColumn;
	revoked_by_name: string | null;
}

/** Which practitioner a staff account is (migration 0008), so their workspace opens on their day. */
export interface StaffPractitionerTable {
	user_id: string;
	practitioner_id: number;
}

/*
 * Before and after every visit (migration 0009). Screenings, consent versions, signatures and
 * outcome answers are append-only in the database; an intake is a draft until submitted.
 */
export interface RedFlagScreeningTable {
	id: Generated<number>;
	token_hash: string | null;
	source: 'back_pain_check' | 'intake' | 'visit';
	outcome: 'emergency' | 'same_day' | 'within_days' | 'none';
	answers_json: string;
	shown_json: string;
	screened_at: InstantColumn;
	patient_id: number | null;
	appointment_id: number | null;
}

/** A doctor has seen a known red-flag finding, as a practitioner recorded (migration 0022). */
export interface RedFlagClearanceTable {
	id: Generated<number>;
	patient_id: number;
	question_id: string;
	appointment_id: number | null;
	note: string;
	cleared_by_id: string;
	cleared_by_name: string;
	cleared_at: InstantColumn;
}

export interface IntakeFormTable {
	id: Generated<number>;
	patient_id: number;
	appointment_id: number | null;
	steps_json: Generated<string>;
	started_at: InstantColumn;
	updated_at: InstantColumn;
	submitted_at: NullableInstantColumn;
}

export interface ConsentDocumentTable {
	id: Generated<number>;
	version: number;
	title: string;
	body_markdown: string;
	text_hash: string;
	created_at: InstantColumn;
	created_by_name: string;
}

export interface ConsentSignatureTable {
	id: Generated<number>;
	patient_id: number;
	appointment_id: number | null;
	document_id: number;
	text_hash: string;
	typed_name: string;
	signed_at: InstantColumn;
	ip: string | null;
}

export interface OutcomeResponseTable {
	id: Generated<number>;
	patient_id: number;
	appointment_id: number | null;
	scale: 'nprs' | 'peg' | 'psfs';
	score_tenths: number;
	items_json: string;
	source: 'intake' | 'link' | 'kiosk';
	answered_at: InstantColumn;
}

/** One-time kiosk tokens for a visit's check-in on the front desk's tablet (migration 0010). */
export interface KioskTokenTable {
	id: Generated<number>;
	appointment_id: number;
	token_hash: string;
	created_by_id: string;
	created_by_name: string;
	created_at: InstantColumn;
	expires_at: InstantColumn;
	used_at: NullableInstantColumn;
}

/** Published clinic outcome summaries (migration 0011): snapshots, withdrawn but never deleted. */
export interface OutcomeSummaryTable {
	id: Generated<number>;
	/** An `OutcomeSummarySnapshot` (src/lib/domain/outcomes/published-summary.ts) as JSON. */
	summary_json: string;
	computed_on: string;
	included: number;
	published_at: InstantColumn;
	withdrawn_at: NullableInstantColumn;
}

/*
 * Testimonials (migration 0012, ADR 0024). Feedback, authorization versions and signatures,
 * moderation decisions and revocations are append-only in the database.
 */

/** The clinic's feedback invitation policy: one row, created by the migration. */
export interface FeedbackInvitationPolicyTable {
	id: Generated<number>;
	singleton: Generated<number>;
	/** JSON array of completed-visit numbers, "[3]". */
	after_visit_numbers_json: string;
	at_course_end: number;
	sample_percent: number;
	sample_salt: string;
	/** Visits that ended before this are never invited. */
	starts_at: InstantColumn;
	updated_at: InstantColumn;
}

export interface FeedbackInvitationTable {
	id: Generated<number>;
	token_hash: string;
	patient_id: number;
	appointment_id: number;
	reason: 'visit_number' | 'course_end';
	visit_number: number;
	created_at: InstantColumn;
	sent_at: NullableInstantColumn;
	used_at: NullableInstantColumn;
	expires_at: InstantColumn;
}

export interface FeedbackTable {
	id: Generated<number>;
	invitation_id: number;
	patient_id: number;
	rating: number;
	words: string;
	condition_id: number | null;
	created_at: InstantColumn;
}

export interface TestimonialAuthorizationDocumentTable {
	id: Generated<number>;
	version: number;
	title: string;
	/** The element texts, keyed by element name, as JSON. */
	elements_json: string;
	valid_for_years: number;
	text_hash: string;
	created_at: InstantColumn;
	created_by_name: string;
}

export interface TestimonialAuthorizationTable {
	id: Generated<number>;
	feedback_id: number;
	patient_id: number;
	document_id: number;
	text_hash: string;
	naming: 'first_name_last_initial' | 'initials' | 'anonymous';
	display_name: string;
	connection_kind: 'none' | 'staff' | 'staff_family' | 'other';
	connection_text: string | null;
	typed_name: string;
	signed_at: InstantColumn;
	/** The clinic-local last day in effect, "2030-03-14". */
	expires_on: string;
	revoke_token_hash: string;
	ip: string | null;
	/**
	 * A personal representative's stated authority to act for the patient (164.508(c)(1)(vi));
	 * null when the patient signed. Optional on insert: rows from before 0024 have none.
	 */
	representative_authority: ColumnType<string | null, string | null | undefined, never>;
}

export interface TestimonialModerationTable {
	id: Generated<number>;
	feedback_id: number;
	decision: 'publish' | 'decline';
	reason: string | null;
	note: string | null;
	decided_by_id: string;
	decided_by_name: string;
	decided_at: InstantColumn;
	/** A connection staff know of and add when publishing (migration 0013), shown instead. */
	connection_kind: 'none' | 'staff' | 'staff_family' | 'other' | null;
	connection_text: string | null;
}

export interface TestimonialRevocationTable {
	id: Generated<number>;
	authorization_id: number;
	source: 'link' | 'staff';
	revoked_at: InstantColumn;
	ip: string | null;
}

/** One-time sign-in links for a patient's own page (migration 0015, ADR 0030). */
export interface PatientSignInLinkTable {
	id: Generated<number>;
	token_hash: string;
	email_normalized: string;
	created_at: InstantColumn;
	expires_at: InstantColumn;
	used_at: NullableInstantColumn;
}

/** A patient's signed-in session: proof of control of one email address (migration 0015). */
export interface PatientSessionTable {
	id: Generated<number>;
	token_hash: string;
	email_normalized: string;
	sign_in_link_id: number;
	created_at: InstantColumn;
	last_seen_at: InstantColumn;
	expires_at: InstantColumn;
	ended_at: NullableInstantColumn;
}

/**
 * A back pain check answered on the website before any booking (migration 0018, ADR 0033):
 * purged a day after it stops counting, moved into `red_flag_screening` by the booking after it.
 */
export interface AnonymousScreeningTable {
	id: Generated<number>;
	token_hash: string;
	outcome: 'emergency' | 'same_day' | 'within_days' | 'none';
	answers_json: string;
	shown_json: string;
	screened_at: InstantColumn;
}

/** How long backups and sent emails are kept: one row (migration 0021, ADR 0036). */
export interface RetentionPolicyTable {
	id: Generated<number>;
	singleton: Generated<number>;
	daily_backups_kept: number;
	sent_email_days: number;
	updated_at: InstantColumn;
}

/** One automatic SQLite backup a UTC day, claimed by the instance that inserts it (0021). */
export interface BackupRunTable {
	id: Generated<number>;
	day: string;
	status: 'running' | 'succeeded' | 'failed';
	attempts: Generated<number>;
	started_at: InstantColumn;
	finished_at: NullableInstantColumn;
	file: string | null;
	/** bigint: PostgreSQL answers with a string. */
	bytes: ColumnType<number | string | null, number | null, number | null>;
	error: string | null;
}

/** An uploaded CSV file between its preview and its import (migration 0020, ADR 0035). */
export interface ImportDraftTable {
	id: string;
	staff_user_id: string;
	kind: 'patients' | 'appointments';
	row_count: number;
	/** The parsed rows, AES-256-GCM sealed under a key that is not stored. */
	sealed: string;
	created_at: InstantColumn;
	expires_at: InstantColumn;
}

/**
 * Links minted when their email was sent (migration 0016, ADR 0031): the token's hash only,
 * what it opens and the address it went to.
 */
export interface EmailedLinkTable {
	id: Generated<number>;
	token_hash: string;
	purpose: string;
	appointment_id: number | null;
	patient_id: number | null;
	subject_id: number | null;
	email_normalized: string;
	created_at: InstantColumn;
	expires_at: NullableInstantColumn;
	used_at: NullableInstantColumn;
}
