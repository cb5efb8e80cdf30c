import type request from 'supertest';

type Agent = ReturnType<typeof request.agent>;
export type RowAnswer = { action?: 'confirm' | 'decline' | 'correct'; reason?: string; proposedDate?: string; proposedHours?: string };

/** A session's answer fields as the supervisor's one form names them (the record's id in each name). */
export const row = (recordId: number, answer: RowAnswer): Record<string, string> => Object.fromEntries(Object.entries(answer).map(([field, value]) => [`${field}-${recordId}`, value as string]));

/** What a browser sends from the answers form untouched: its hidden fields and the radios checked by default. */
export function defaultFormFields(html: string): [string, string][] {
  // Only the answers form (the one listing the sessions): a signed-in page has other forms, such as signing out.
  const start = html.lastIndexOf('<form', html.indexOf('name="records"'));
  const form = start < 0 ? '' : html.slice(start, html.indexOf('</form>', start));
  const fields: [string, string][] = [];
  for (const [input] of form.matchAll(/<input [^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    if (!name) continue;
    if (/type="hidden"/.test(input) || (/type="radio"/.test(input) && / checked/.test(input))) fields.push([name, value]);
  }
  return fields;
}

/**
 * Opens the supervisor's page and sends its one form as a browser would: every session shown is
 * confirmed unless `fields` change it; `fields` also carry the name and the declaration.
 */
export async function sendAnswers(agent: Agent, pagePath: string, fields: Record<string, string>, action = pagePath) {
  const page = await agent.get(pagePath);
  const body = new URLSearchParams(defaultFormFields(page.text).filter(([name]) => !(name in fields)));
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  return agent.post(action).type('form').send(body.toString());
}

export const signedBy = (fullName = 'Dr Sam Lee') => ({ fullName, declaration: 'true' });

/**
 * A post about one session only, as a script or a page from before another answer might send it:
 * the request's other sessions stay unanswered. `fields` are the row's answer plus the name and
 * the declaration ("true").
 */
export async function answerOnly(agent: Agent, pagePath: string, recordId: number, fields: RowAnswer & { fullName?: string; declaration?: string }, action = pagePath) {
  const page = await agent.get(pagePath);
  const { fullName, declaration, ...answer } = fields;
  const body = new URLSearchParams(defaultFormFields(page.text).filter(([name]) => name === '_csrf' || name === `seen-${recordId}`));
  body.append('records', String(recordId));
  for (const [name, value] of Object.entries({ ...row(recordId, answer), ...(fullName ? { fullName } : {}), ...(declaration ? { declaration } : {}) })) body.append(name, value);
  return agent.post(action).type('form').send(body.toString());
}
