import '../types';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import ejs from 'ejs';
import type { Application, NextFunction, Request, Response } from 'express';
import { navigationFor } from '../presenters/navigation';
import { asSentence, formatDateTime } from '../presenters/format';
import { fileSizeText } from '../../presenters/file-size';
import { confirmationTone } from '../../presenters/supervision-status';
import { projectRoot } from '../../paths';
import { templateCache } from './templates';

const viewsDir = path.join(projectRoot, 'views');

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const NEEDS_ESCAPING = /[&<>'"]/;

/**
 * `<%= %>`'s escaping: EJS's own (the same characters, the same entities), but a text with
 * nothing to escape, which is most of them, is returned as it is, without a replace: twice as
 * fast, and a page escapes hundreds of values.
 */
export function escapeHtml(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'string' ? value : String(value);
  return NEEDS_ESCAPING.test(text) ? text.replace(/[&<>'"]/g, (character) => ENTITIES[character]!) : text;
}

const layoutFile = path.join(viewsDir, 'layouts', 'main.ejs');
/**
 * Every template, compiled on first use with its locals as plain variables (see templates.ts).
 * EJS copies a template's locals into a new object without a prototype on every call, so that a
 * name the page did not pass can never resolve to something on Object.prototype. That copy, of
 * some forty names for the page, the layout and each include, was 4 % of a dashboard's CPU. Here
 * the page's locals (a new object Express makes for each render) lose their prototype instead,
 * and EJS's include already hands its partial such a copy, so EJS is told not to copy again
 * (`unsafePrototypeLocals`): every template still reads locals that inherit nothing.
 */
const templates = templateCache({ root: viewsDir, escape: escapeHtml, cache: true, unsafePrototypeLocals: true });

/**
 * EJS with one layout: a view renders first, then the layout wraps it (`body`). A view that
 * must stand alone passes `layout: false`.
 */
export function useViews(app: Application): void {
  app.set('views', viewsDir);
  app.set('view engine', 'ejs');
  app.set('view cache', true);
  // EJS asks its cache for every page and include it renders: ours compiles them without `with`.
  ejs.cache = templates;
  app.engine('ejs', (file: string, data: object, done: (error: unknown, html?: string) => void) => {
    // Express builds `data` for this render alone (app.locals, res.locals and the page's own).
    const locals = Object.setPrototypeOf(data, null) as Record<string, unknown>;
    // Includes name their file from the views folder ('/partials/csrf'), so EJS finds it without
    // asking the file system (as it does for a relative name, on every include of every render).
    const options = { root: viewsDir, cache: app.enabled('view cache'), escape: escapeHtml };
    ejs.renderFile(file, locals, options, (error, body) => {
      if (error) return done(error);
      if (locals.layout === false) return done(null, body);
      locals.body = body;
      ejs.renderFile(layoutFile, locals, options, done);
    });
  });
}

const drawnPartials = new WeakMap<object, Map<string, string>>();

/**
 * A partial's HTML drawn once per data object and kept with it (by identity, in a WeakMap), for
 * a part of a page that changes only when its data does: drawing the month chart took about 7 %
 * of the dashboard's time, and its data object is replaced when the evidence (or the day)
 * changes. The partial sees only the locals given (made only when it is drawn), none of the
 * page's. `variant` tells apart the ways one data object is shown (the level in focus): it must
 * come from a small, fixed set, never from free text, as each is kept as long as the data is.
 */
export function renderedOnce(partial: string, data: object, locals: () => Record<string, unknown>, variant = ''): string {
  let drawn = drawnPartials.get(data);
  if (!drawn) drawnPartials.set(data, (drawn = new Map()));
  const key = `${partial}\n${variant}`;
  let html = drawn.get(key);
  if (html === undefined) drawn.set(key, (html = renderedPartial(partial, locals())));
  return html;
}

/** A partial's HTML drawn with only the locals given, none of the page's (for renderedOnce, and where its data is not to be kept). */
export function renderedPartial(partial: string, locals: Record<string, unknown>): string {
  return templates.get(path.join(viewsDir, `${partial}.ejs`))(Object.assign(Object.create(null), locals));
}

/** What every page can use: the user, navigation, a one-time notice, formatting helpers. */
export function viewLocals(req: Request, res: Response, next: NextFunction): void {
  setViewLocals(req, res);
  next();
}

export function setViewLocals(req: Request, res: Response): void {
  res.locals.currentUser = req.user;
  res.locals.navigation = navigationFor(req.user, req.path);
  res.locals.currentPath = req.path;
  res.locals.values = {};
  res.locals.errors = {};
  res.locals.formatDateTime = formatDateTime;
  res.locals.fileSizeText = fileSizeText;
  res.locals.asSentence = asSentence;
  res.locals.submissionKey = () => randomUUID();
  res.locals.confirmationTone = confirmationTone;
  if (req.session?.flash) {
    res.locals.flash = req.session.flash;
    delete req.session.flash;
  }
  res.locals.csrfToken ??= () => '';
}
