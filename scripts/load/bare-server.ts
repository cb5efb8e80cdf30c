import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import ejs from 'ejs';
import express from 'express';

/**
 * The yardstick: bare Express 5 + EJS serving the dashboard's bytes (a file named on the command
 * line) at GET /, in a process of its own as the app is. Sends its port to the parent.
 */
const body = readFileSync(process.argv[2]!, 'utf8');
const template = ejs.compile('<%- body %>');
const app = express();
app.get('/', (_req, res) => res.type('html').send(template({ body })));
const server = app.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
