import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { clinicOutcomeReport } from '$lib/domain/outcomes/clinic-report';
import { buildOutcomeRecords } from '$lib/domain/outcomes/report-records';
import { demoOutcomeIncluded, demoOutcomePatients } from './demo-outcomes';

const zone = 'America/Chicago';
const patients = demoOutcomePatients(zone);

describe('demoOutcomePatients', () => {
	it('is the same on every call (no randomness)', () => {
		expect(JSON.stringify(demoOutcomePatients(zone))).toBe(JSON.stringify(patients));
	});

	it('has 30 obviously fictional patients with example.com emails', () => {
		expect(patients).toHaveLength(30);
		patients.forEach((patient, index) => {
			const number = String(index + 1).padStart(2, '0');
			expect(patient.name).toBe(`Demo Patient ${number}`);
			expect(patient.email).toBe(`demo.patient.${number}@example.com`);
			expect(patient.phone).toMatch(/^\(\d{3}\) 555-018\d$/);
		});
	});

	it('lies wholly in the past of when it was written, before any test clock', () => {
		const latest = patients
			.flatMap((patient) => patient.appointments.map((entry) => entry.blockedUntil))
			.sort(Temporal.Instant.compare)
			.at(-1);
		expect(
			Temporal.Instant.compare(
				latest as Temporal.Instant,
				Temporal.Instant.from('2026-09-01T00:00:00Z')
			)
		).toBe(-1);
	});

	it('never double-books a practitioner or a room', () => {
		const live = patients
			.flatMap((patient) => patient.appointments)
			.filter((entry) => entry.status !== 'cancelled');
		for (const [i, a] of live.entries()) {
			for (const b of live.slice(i + 1)) {
				const overlap =
					Temporal.Instant.compare(a.start, b.blockedUntil) < 0 &&
					Temporal.Instant.compare(b.start, a.blockedUntil) < 0;
				if (overlap) {
					expect(a.practitioner === b.practitioner || a.room === b.room, `${a.key} ${b.key}`).toBe(
						false
					);
				}
			}
		}
	});

	it('answers at most one check-in per visit and scale, always for one of the patient’s appointments', () => {
		for (const patient of patients) {
			const keys = new Set(patient.appointments.map((entry) => entry.key));
			const seen = new Set<string>();
			for (const answer of patient.answers) {
				expect(keys.has(answer.appointmentKey)).toBe(true);
				if (answer.source === 'intake') continue;
				const id = `${answer.appointmentKey}/${answer.scale}`;
				expect(seen.has(id), id).toBe(false);
				seen.add(id);
			}
		}
	});

	it('gives a report with 24 patients, better, unchanged, worse, started low and missing among them', () => {
		let answerId = 1;
		let appointmentId = 1;
		const rows = patients.map((patient, index) => {
			const ids = new Map(patient.appointments.map((entry) => [entry.key, appointmentId++]));
			return {
				intake: {
					id: index + 1,
					patientId: index + 1,
					startedAt: patient.intake.startedAt,
					submittedAt: patient.intake.submittedAt,
					steps: JSON.parse(JSON.stringify(patient.intake.steps)) as unknown
				},
				visits: patient.appointments
					.filter((entry) => entry.status === 'completed' || entry.status === 'arrived')
					.map((entry) => ({
						appointmentId: ids.get(entry.key) ?? 0,
						patientId: index + 1,
						start: entry.start
					})),
				answers: patient.answers.flatMap((answer) =>
					answer.scale === 'psfs'
						? []
						: [
								{
									id: answerId++,
									patientId: index + 1,
									appointmentId: ids.get(answer.appointmentKey) ?? null,
									scale: answer.scale,
									scoreTenths: answer.scoreTenths,
									source: answer.source,
									answeredAt: answer.answeredAt
								}
							]
				)
			};
		});
		const report = clinicOutcomeReport(
			buildOutcomeRecords(
				{
					intakes: rows.map((row) => row.intake),
					visits: rows.flatMap((row) => row.visits),
					answers: rows.flatMap((row) => row.answers)
				},
				zone
			)
		);
		expect(report.included).toBe(demoOutcomeIncluded);
		expect(report.publishable).toBe(true);
		for (const scale of [report.nprs, report.peg]) {
			expect(scale.improved).toBeGreaterThan(0);
			expect(scale.noMeaningfulChange).toBeGreaterThan(0);
			expect(scale.worsened).toBeGreaterThan(0);
			expect(scale.missing).toBeGreaterThan(0);
			// Some started with little pain: the demo shows the group reported apart (ADR 0041).
			expect(scale.startedNearBest).toBeGreaterThan(0);
		}
	});
});
