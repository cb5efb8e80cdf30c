import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, newPersonContext } from './browser';
import { startE2eServer, type E2eServer, type E2eServerOptions } from './e2e-server';

export interface Journey {
  server: E2eServer;
  browser: Browser;
  /** A new person at their own browser (own cookies), with one page open on the app. */
  newPerson(options?: BrowserContextOptions): Promise<Page>;
  /** Errors the pages logged (a CSP refusal, a script error), "<url>: <message>"; a journey ends with none. */
  pageErrors: string[];
}

// Fail fast with the step's own message rather than at the jest timeout.
const ACTION_TIMEOUT_MS = 10_000;

/**
 * One app server (fresh database) and one browser for a test file, started before its first
 * test and closed after its last. The file's tests are the steps of one journey, in order.
 * `setUp: false` starts on an instance with no account at all (the first run); see
 * E2eServerOptions for the rest.
 */
export function useJourney(options: E2eServerOptions = {}): Journey {
  const contexts: BrowserContext[] = [];
  const journey = { pageErrors: [] as string[] } as Journey;
  beforeAll(async () => {
    const [server, browser] = await Promise.all([startE2eServer(options), launchBrowser()]);
    journey.server = server;
    journey.browser = browser;
  });
  journey.newPerson = async (options = {}) => {
    const context = await newPersonContext(journey.browser, journey.server.baseUrl, options);
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => journey.pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      // A 4xx answer (a form sent back with its errors) is the app working; the browser logs it anyway.
      const expectedRefusal = /Failed to load resource: the server responded with a status of 4\d\d/.test(message.text());
      if (message.type() === 'error' && !expectedRefusal) journey.pageErrors.push(`${page.url()}: ${message.text()}`);
    });
    return page;
  };
  afterAll(async () => {
    await Promise.all(contexts.map((context) => context.close()));
    await journey.browser?.close();
    await journey.server?.stop();
  });
  return journey;
}
