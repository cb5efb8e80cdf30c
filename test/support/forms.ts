import type request from 'supertest';

type Agent = ReturnType<typeof request.agent>;

/** The CSRF token of the first form on the page. */
export function csrfTokenIn(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('No CSRF token on the page');
  return match[1]!;
}

/** A form body as a browser sends it: a list (ticked checkboxes) becomes the same field repeated. */
export function formBody(fields: Record<string, string | string[]>): string {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const each of ([] as string[]).concat(value)) body.append(name, each);
  return body.toString();
}

/** Opens the page as a browser would, then posts the form on it with the page's CSRF token. */
export async function submitForm(agent: Agent, pagePath: string, fields: Record<string, string | string[]>, action = pagePath) {
  const page = await agent.get(pagePath);
  return agent
    .post(action)
    .type('form')
    .send(formBody({ ...fields, _csrf: csrfTokenIn(page.text) }));
}

/** The text of the element with this id (for asserting on field messages). */
export function fieldError(html: string, field: string): string | undefined {
  const match = new RegExp(`id="field-${field}-error"><span class="visually-hidden">Error:</span> ([^<]*)<`).exec(html);
  return match?.[1]
    ?.replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}
