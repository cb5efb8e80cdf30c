import { Router, type RequestHandler } from 'express';
import { jsonBody } from './middleware/json-body';

/** What the OpenAPI document says of one operation, written beside the route that serves it. */
export interface ApiOperation {
  summary: string;
  /** Query parameters (path parameters come from the path's `{name}`s). */
  parameters?: object[];
  /** The JSON body's schema: the route checks bodies against it (jsonBody) and the document publishes it. */
  body?: object;
  /** A body of another kind (a multipart upload), documented only: its route reads it itself. */
  requestBody?: object;
  responses: Record<string, object>;
  /** Not documented: checks that run before the body is read (a role; someone else's row is "not found", not "invalid"). */
  guards?: RequestHandler[];
}

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

/** One operation of the API as registered: the OpenAPI document is built from the list of these. */
export interface RegisteredOperation {
  method: HttpMethod;
  /** The OpenAPI path under /api/v1, e.g. "/submissions/{id}". */
  path: string;
  operation: ApiOperation;
}

/**
 * Registers each /api/v1 route together with its documentation, so the router and the OpenAPI
 * document are built from one list and cannot drift: a route without a summary does not compile,
 * and a JSON body is checked against exactly the schema the document publishes.
 */
export class ApiRouter {
  readonly router = Router();
  readonly operations: RegisteredOperation[] = [];

  get(path: string, operation: ApiOperation, ...handlers: RequestHandler[]): this {
    return this.add('get', path, operation, handlers);
  }

  post(path: string, operation: ApiOperation, ...handlers: RequestHandler[]): this {
    return this.add('post', path, operation, handlers);
  }

  patch(path: string, operation: ApiOperation, ...handlers: RequestHandler[]): this {
    return this.add('patch', path, operation, handlers);
  }

  delete(path: string, operation: ApiOperation, ...handlers: RequestHandler[]): this {
    return this.add('delete', path, operation, handlers);
  }

  /** Middleware for every route under these /api/v1 paths (a role check), registered in order. */
  use(paths: string[], ...handlers: RequestHandler[]): this {
    this.router.use(paths.map(expressPath), ...handlers);
    return this;
  }

  /** Another API router's routes and operations, mounted here in order. */
  include(other: ApiRouter): this {
    this.router.use(other.router);
    this.operations.push(...other.operations);
    return this;
  }

  private add(method: HttpMethod, path: string, operation: ApiOperation, handlers: RequestHandler[]): this {
    const { guards = [], ...documented } = operation;
    this.operations.push({ method, path, operation: documented });
    this.router[method](expressPath(path), ...guards, ...(operation.body ? [jsonBody(operation.body)] : []), ...handlers);
    return this;
  }
}

/** "/submissions/{id}" → "/api/v1/submissions/:id" */
export const expressPath = (path: string) => `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`;
