import type { Kysely } from 'kysely';
import type { Temporal } from 'temporal-polyfill';
import { formatClockTime } from '$lib/domain/booking/appointment-time';
import { formatCalendarDate } from '$lib/domain/clinic/dates';
import {
	clinicOutcomeReport,
	minimumToPublish,
	minimumVisits,
	type ClinicOutcomeReport
} from '$lib/domain/outcomes/clinic-report';
import {
	countedUnderCurrentRule,
	describeScale,
	inclusionRule,
	outcomeSummarySnapshot,
	readOutcomeSummary,
	type OutcomeSummarySnapshot
} from '$lib/domain/outcomes/published-summary';
import { buildOutcomeRecords, reportExclusions } from '$lib/domain/outcomes/report-records';
import { can } from '$lib/domain/staff/roles';
import { appendAuditEvent } from '../db/repositories/audit-repository';
import { loadOutcomeReportRows } from '../db/repositories/outcome-report-repository';
import {
	findLiveOutcomeSummary,
	insertOutcomeSummary,
	withdrawOutcomeSummaries
} from '../db/repositories/outcome-summary-repository';
import type { Database } from '../db/schema';
import { staffAuditActor, type RequestMeta, type StaffActor } from './audit';
import { loadClinicZone } from './clinic-contact';

/*
 * The owner's clinic outcome report (issue 5) and the summary published from it. Only the
 * owner ('outcomes.report') sees the report; every view, publication and withdrawal is in the
 * audit log. The website shows a stored snapshot, never the live report.
 */

type Context = { now: Temporal.Instant; request?: RequestMeta };

/** The report as computed now, with the records' exclusions. */
async function computeReport(db: Kysely<Database>, now: Temporal.Instant) {
	const zone = await loadClinicZone(db);
	const records = buildOutcomeRecords(await loadOutcomeReportRows(db), zone.timeZone);
	const report = clinicOutcomeReport(records);
	const computedAt = now.toZonedDateTimeISO(zone.timeZone);
	return {
		report,
		withIntake: records.length,
		exclusions: reportExclusions(records),
		computedOn: computedAt.toPlainDate(),
		computedAtText: `${formatCalendarDate(computedAt.toPlainDate().toString())} at ${formatClockTime(computedAt)} (${zone.city} time)`,
		zone
	};
}

/** What the page shows of a published summary. */
function publishedView(
	stored: { id: number; summaryJson: string; publishedAt: Temporal.Instant },
	timeZone: string
) {
	const summary = readOutcomeSummary(stored.summaryJson);
	if (!summary) return null;
	const publishedOn = stored.publishedAt.toZonedDateTimeISO(timeZone).toPlainDate().toString();
	return {
		id: stored.id,
		summary,
		publishedOn,
		publishedOnText: formatCalendarDate(publishedOn),
		computedOnText: formatCalendarDate(summary.computedOn),
		/** False for figures counted before ADR 0041; the website does not show those. */
		currentRule: countedUnderCurrentRule(summary)
	};
}

/** The scales of a report or snapshot in plain words. */
export function describeScales(figures: Pick<ClinicOutcomeReport, 'nprs' | 'peg'>) {
	return [describeScale('nprs', figures.nprs), describeScale('peg', figures.peg)];
}

/** The owner's report page: the report computed now, the rule, and what is published. */
export async function loadOutcomeReport(db: Kysely<Database>, staff: StaffActor, context: Context) {
	if (!can(staff, 'outcomes.report')) return { kind: 'forbidden' as const };
	const computed = await computeReport(db, context.now);
	const live = await findLiveOutcomeSummary(db);
	await appendAuditEvent(db, {
		at: context.now,
		actor: staffAuditActor(staff),
		action: 'outcomes.report_viewed',
		subject: { type: 'outcome_report', id: 'clinic' },
		after: { included: computed.report.included },
		ip: context.request?.ip,
		requestId: context.request?.requestId
	});
	return {
		kind: 'ok' as const,
		report: computed.report,
		scales: describeScales(computed.report),
		withIntake: computed.withIntake,
		exclusions: computed.exclusions,
		computedAtText: computed.computedAtText,
		inclusionRule: inclusionRule(),
		minimumVisits,
		minimumToPublish,
		published: live ? publishedView(live, computed.zone.timeZone) : null
	};
}

export type PublishResult =
	| { kind: 'published'; id: number; included: number }
	| { kind: 'forbidden' }
	| { kind: 'invalid'; errors: Record<string, string> }
	| { kind: 'refused'; message: string };

/** The message when there are too few patients to publish. */
export function tooFewToPublish(included: number): string {
	return `The report has ${included} ${included === 1 ? 'patient' : 'patients'}; it can be published once at least ${minimumToPublish} are included. With fewer, one patient moves the figures a lot and a patient could be recognised from them.`;
}

/**
 * Publishes a snapshot of the report as computed now, replacing any summary on the site.
 * Needs the owner's confirmation that the limitations are published with the figures, and at
 * least `minimumToPublish` patients.
 */
export async function publishOutcomeSummary(
	db: Kysely<Database>,
	input: Record<string, string>,
	staff: StaffActor,
	context: Context
): Promise<PublishResult> {
	if (!can(staff, 'outcomes.report')) return { kind: 'forbidden' };
	if (input.confirm !== 'yes') {
		return {
			kind: 'invalid',
			errors: {
				confirm:
					'Tick the box to confirm you have read what the figures cannot show; it is published with them.'
			}
		};
	}
	return db.transaction().execute(async (trx) => {
		const { report, computedOn } = await computeReport(trx, context.now);
		if (!report.publishable) {
			return { kind: 'refused' as const, message: tooFewToPublish(report.included) };
		}
		const snapshot: OutcomeSummarySnapshot = outcomeSummarySnapshot(report, computedOn);
		const withdrawn = await withdrawOutcomeSummaries(trx, context.now);
		const id = await insertOutcomeSummary(trx, snapshot, context.now);
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'outcomes.summary_published',
			subject: { type: 'outcome_summary', id },
			before: withdrawn.length > 0 ? { withdrawn } : undefined,
			after: { included: snapshot.included, computedOn: snapshot.computedOn },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'published' as const, id, included: snapshot.included };
	});
}

/** Takes the published summary off the website (it stays on record, withdrawn). */
export async function unpublishOutcomeSummary(
	db: Kysely<Database>,
	staff: StaffActor,
	context: Context
): Promise<{ kind: 'unpublished' } | { kind: 'forbidden' } | { kind: 'not_published' }> {
	if (!can(staff, 'outcomes.report')) return { kind: 'forbidden' };
	return db.transaction().execute(async (trx) => {
		const withdrawn = await withdrawOutcomeSummaries(trx, context.now);
		const [first] = withdrawn;
		if (first === undefined) return { kind: 'not_published' as const };
		await appendAuditEvent(trx, {
			at: context.now,
			actor: staffAuditActor(staff),
			action: 'outcomes.summary_unpublished',
			subject: { type: 'outcome_summary', id: first },
			after: { withdrawn },
			ip: context.request?.ip,
			requestId: context.request?.requestId
		});
		return { kind: 'unpublished' as const };
	});
}

/** The summary on the website, for the public /outcomes page; null when none is published. */
export async function loadPublishedOutcomeSummary(db: Kysely<Database>) {
	const live = await findLiveOutcomeSummary(db);
	if (!live) return null;
	const zone = await loadClinicZone(db);
	const view = publishedView(live, zone.timeZone);
	// Figures counted under the earlier "2 points or 30%" rule overstate improvement (ADR
	// 0041): the website shows nothing until the owner publishes them again.
	if (!view || !countedUnderCurrentRule(view.summary)) return null;
	return {
		...view,
		scales: describeScales(view.summary),
		inclusionRule: inclusionRule(view.summary.minimumVisits)
	};
}

/** The date of the summary on the website (for the sitemap and links), or null. */
export async function publishedOutcomeSummaryDate(db: Kysely<Database>): Promise<string | null> {
	const live = await findLiveOutcomeSummary(db);
	const summary = live ? readOutcomeSummary(live.summaryJson) : null;
	// The same test as the page: a summary the website would not show is not linked to.
	if (!live || !summary || !countedUnderCurrentRule(summary)) return null;
	const zone = await loadClinicZone(db);
	return live.publishedAt.toZonedDateTimeISO(zone.timeZone).toPlainDate().toString();
}
