import path from 'node:path';
import { readFileSync } from 'node:fs';
import type { AppDeps } from '../../src/http/app-deps';
import { createRecord } from '../../src/domain/records/record-service';
import { updatePortfolioSettings } from '../../src/domain/portfolio/portfolio-service';
import { addEvidenceFiles } from '../../src/domain/evidence/evidence-service';
import { chooseAppendices } from '../../src/domain/evidence/appendix-choice';
import type { RecordType } from '../../src/domain/records';
import { requestConfirmation } from '../../src/domain/signoff/signoff-service';
import { answerRecord } from '../../src/domain/signoff/supervisor-answers';
import { lastMailTo, linkIn } from './outbox';

export const evidenceFixture = (name: string) => path.join(__dirname, '..', 'fixtures', 'evidence', name);

/** Names in the scripts of Europe, as applicants' supervisors and clients' feedback carry them. */
export const EUROPEAN_NAMES = {
  lithuanian: 'Ąžuolė Šarūnė Žemaitytė',
  polish: 'Łukasz Źdźbło-Wróbel',
  czech: 'Řehoř Dvořák',
  german: 'Jürgen Groß',
  french: 'Éléonore Lœuvre',
  greek: 'Ελένη Παπαδοπούλου',
  cyrillic: 'Дмитрий Иванов',
};

export interface SamplePortfolio {
  practiceIds: number[];
  supervisionIds: number[];
  cpdId: number;
}

/**
 * A realistic small portfolio aimed at Practitioner: two years of practice (one group, one range
 * of sessions), supervision with supervisors of several scripts (two records confirmed, one
 * declined), CPD, feedback, reflections, a case study, a contribution, and evidence files: a
 * 3-page certificate PDF linked to the CPD, an image linked to a feedback item, a damaged PDF
 * linked to the contribution, an encrypted PDF linked to nothing but chosen to be appended, and
 * a text note linked to nothing (so neither appended nor listed).
 */
export async function makeSamplePortfolio(deps: AppDeps, ownerId: number, options: { files?: boolean } = {}): Promise<SamplePortfolio> {
  await updatePortfolioSettings(deps, ownerId, {
    displayName: EUROPEAN_NAMES.lithuanian,
    emccMembershipNumber: 'EMCC-4471',
    firstPracticeDate: '2022-09-01',
    practiceRole: 'coach',
    criteriaSet: 'emcc-eia',
    targetLevel: 'practitioner',
  });
  const practiceIds: number[] = [];
  const practice = async (values: Record<string, unknown>) => practiceIds.push((await createRecord(deps, ownerId, 'practice', { practiceKind: 'coaching', payment: 'paid', format: 'one_to_one', ...values })).id);
  for (let index = 0; index < 12; index += 1) {
    const month = String((index % 10) + 1).padStart(2, '0');
    await practice({ clientCode: `C-${String(index + 1).padStart(3, '0')}`, date: `2026-${month}-0${(index % 8) + 1}`, hours: 4.5, notes: 'Private note: Anna Schmidt, anna@client.example' });
  }
  await practice({ clientCode: 'G-01', date: '2026-05-12', hours: 6, format: 'group', groupSize: 4, payment: 'pro_bono', sponsor: 'Caritas Vilnius' });
  await practice({ clientCode: 'C-020', date: '2025-03-01', endDate: '2025-11-30', hours: 22, delivery: 'remote' });
  const supervisionIds: number[] = [];
  for (const [date, name, email] of [
    ['2026-01-15', EUROPEAN_NAMES.greek, 'eleni@supervision.example'],
    ['2026-04-15', EUROPEAN_NAMES.greek, 'eleni@supervision.example'],
    ['2026-07-15', EUROPEAN_NAMES.cyrillic, 'dmitry@supervision.example'],
    ['2026-10-15', EUROPEAN_NAMES.czech, 'rehor@supervision.example'],
  ] as const) {
    supervisionIds.push(
      (
        await createRecord(deps, ownerId, 'supervision', {
          date,
          hours: 1.5,
          supervisorName: name,
          supervisorEmail: email,
          format: 'individual',
          themes: `Contracting and endings; working with ${EUROPEAN_NAMES.german}’s team`,
        })
      ).id,
    );
  }
  await confirmFrom(deps, ownerId, [supervisionIds[0]!, supervisionIds[1]!], 'eleni@supervision.example', EUROPEAN_NAMES.greek);
  await requestConfirmation(deps, ownerId, [supervisionIds[2]!]);
  const token = linkIn((await lastMailTo(deps.db, 'dmitry@supervision.example'))!.text, deps.baseUrl)
    .split('/')
    .pop()!;
  await answerRecord(deps, { token }, supervisionIds[2]!, { action: 'decline', fullName: EUROPEAN_NAMES.cyrillic, reason: 'We met for one hour only.' }, { ip: '127.0.0.1', userAgent: 'test' });
  const cpdId = (
    await createRecord(deps, ownerId, 'cpd', {
      title: 'Advanced Coaching Supervision',
      provider: 'Université de Lyon',
      startDate: '2026-02-01',
      endDate: '2026-02-03',
      hours: 18,
      kind: 'training_course',
      accreditation: 'EMCC EQA',
    })
  ).id;
  for (let index = 0; index < 6; index += 1) {
    await createRecord(deps, ownerId, 'reflection', {
      kind: 'reflection',
      date: `2026-0${index + 2}-25`,
      title: `Reflection ${index + 1} on contracting`,
      text: 'What I noticed, what I learned, what I will do differently.',
      competences: ['understanding_self', 'managing_contract', index % 2 ? 'evaluation' : 'self_development'],
      linkedRecords: [`practice:${practiceIds[index]}`],
    });
  }
  const feedbackIds: number[] = [];
  for (let index = 0; index < 6; index += 1) {
    feedbackIds.push(
      (
        await createRecord(deps, ownerId, 'feedback', {
          date: `2026-0${index + 2}-20`,
          clientCode: `C-00${index + 1}`,
          channel: 'written',
          summary: `Feedback ${index + 1}: the sessions helped me decide. ${EUROPEAN_NAMES.french} noticed the change.`,
        })
      ).id,
    );
  }
  await createRecord(deps, ownerId, 'reflection', {
    kind: 'case_study',
    date: '2026-09-10',
    title: 'Case study: a team in transition',
    text: 'The client, a team of four, asked for help with a merger.',
    competences: ['building_relationship', 'enabling_insight', 'outcome_action', 'models_techniques'],
  });
  const contributionId = (
    await createRecord(deps, ownerId, 'contribution', {
      kind: 'talk',
      title: 'Supervision in small practices',
      date: '2026-06-01',
      hours: 2,
      description: 'A talk at the EMCC Lithuania chapter.',
      link: 'https://example.org/talk',
    })
  ).id;
  if (options.files !== false) {
    await upload(deps, ownerId, 'three-pages.pdf', { type: 'cpd', id: cpdId });
    await upload(deps, ownerId, 'tiny.png', { type: 'feedback', id: feedbackIds[0]! });
    await upload(deps, ownerId, 'notes.txt');
    await upload(deps, ownerId, 'damaged.pdf', { type: 'contribution', id: contributionId });
    const encrypted = await upload(deps, ownerId, 'encrypted.pdf');
    await chooseAppendices(deps, ownerId, [encrypted.id], [encrypted.id]);
  }
  return { practiceIds, supervisionIds, cpdId };
}

export async function upload(deps: AppDeps, ownerId: number, fixture: string, link?: { type: RecordType; id: number }) {
  const stored = await deps.evidenceStore.put(readFileSync(evidenceFixture(fixture)), { maxBytes: 10 * 1024 * 1024 });
  return (await addEvidenceFiles(deps, ownerId, [{ stored, originalName: fixture }], link))[0]!;
}

/** The supervisor confirms these records from the emailed link. */
export async function confirmFrom(deps: AppDeps, ownerId: number, recordIds: number[], email: string, name: string): Promise<void> {
  await requestConfirmation(deps, ownerId, recordIds);
  const token = linkIn((await lastMailTo(deps.db, email))!.text, deps.baseUrl)
    .split('/')
    .pop()!;
  for (const id of recordIds) await answerRecord(deps, { token }, id, { action: 'confirm', fullName: name, declaration: true }, { ip: '127.0.0.1', userAgent: 'test' });
}
