import { BadRequestException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import { AuthError, NotFoundError, ValidationError } from './domain-errors';
import { toProblem, type ProblemContext } from './problem-details';

const context: ProblemContext = { instance: '/v1/tickets/42', ifMatch: false, correlationId: 'corr-1' };

class TicketAlreadyClosed extends Error {
  readonly code = 'TICKET.ALREADY_CLOSED';
}

class ConcurrencyError extends Error {
  readonly code = 'EVENT_STORE.CONCURRENCY';
}

function fastifyError(code: string, statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'FastifyError', code, statusCode });
}

describe('toProblem', () => {
  it('builds an RFC 9457 body with code, instance and correlation id', () => {
    expect(toProblem(new NotFoundError('ticket 42 not found'), context)).toEqual({
      status: 404,
      unexpected: false,
      body: {
        type: 'urn:csp:problem:NOT_FOUND',
        title: 'Not Found',
        status: 404,
        detail: 'ticket 42 not found',
        instance: '/v1/tickets/42',
        code: 'NOT_FOUND',
        correlationId: 'corr-1',
      },
    });
  });

  it('maps a domain code through the app table', () => {
    const problem = toProblem(new TicketAlreadyClosed('ticket 42 is closed'), { ...context, errorStatus: { 'TICKET.ALREADY_CLOSED': 409 } });
    expect(problem.status).toBe(409);
    expect(problem.body).toMatchObject({ code: 'TICKET.ALREADY_CLOSED', title: 'Conflict', detail: 'ticket 42 is closed' });
  });

  it('lets the app table override a built-in status', () => {
    expect(toProblem(new NotFoundError(), { ...context, errorStatus: { NOT_FOUND: 410 } }).status).toBe(410);
  });

  it('maps a concurrency conflict to 409, or 412 when the request carried If-Match', () => {
    expect(toProblem(new ConcurrencyError('stale'), context).status).toBe(409);
    const precondition = toProblem(new ConcurrencyError('stale'), { ...context, ifMatch: true });
    expect(precondition.status).toBe(412);
    expect(precondition.body).toMatchObject({ code: 'EVENT_STORE.CONCURRENCY', title: 'Precondition Failed' });
  });

  it('answers a validation error with 400 and its field errors', () => {
    const errors = [{ path: '/priority', message: 'must be one of: low, normal' }];
    const problem = toProblem(new ValidationError(errors), context);
    expect(problem.status).toBe(400);
    expect(problem.body).toMatchObject({ code: 'VALIDATION', detail: '/priority must be one of: low, normal', errors });
  });

  it('maps auth errors to 401 and 403', () => {
    expect(toProblem(new AuthError('AUTH.UNAUTHORIZED', 'missing bearer token'), context).status).toBe(401);
    expect(toProblem(new AuthError('AUTH.FORBIDDEN', 'needs admin'), context).body).toMatchObject({ status: 403, code: 'AUTH.FORBIDDEN' });
  });

  it('keeps the status and message of Nest HttpExceptions', () => {
    expect(toProblem(new NotFoundException('Cannot GET /nope'), context).body).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
      detail: 'Cannot GET /nope',
    });
    expect(toProblem(new ForbiddenException(), context).body).toMatchObject({ status: 403, code: 'AUTH.FORBIDDEN', detail: 'Forbidden' });
    expect(toProblem(new BadRequestException(['a is bad', 'b is bad']), context).body.detail).toBe('a is bad; b is bad');
    expect(toProblem(new HttpException('slow down', 429), context).body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
  });

  it('takes an explicit code from an HttpException response object', () => {
    const error = new HttpException({ code: 'INGESTION.RATE_LIMITED', message: 'too many events' }, 429);
    expect(toProblem(error, context).body).toMatchObject({ code: 'INGESTION.RATE_LIMITED', detail: 'too many events' });
  });

  it('keeps the status of Fastify errors with their message', () => {
    const tooLarge = toProblem(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413, 'Request body is too large'), context);
    expect(tooLarge.body).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'Request body is too large' });
    const badJson = toProblem(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400, 'Body is not valid JSON'), context);
    expect(badJson.body).toMatchObject({ status: 400, code: 'BAD_REQUEST', detail: 'Body is not valid JSON' });
    expect(toProblem(fastifyError('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 'Unsupported Media Type'), context).status).toBe(415);
  });

  it('answers anything else with a generic 500 that leaks nothing', () => {
    const problem = toProblem(new Error('password authentication failed for user "csp"'), context);
    expect(problem).toMatchObject({ status: 500, unexpected: true, body: { code: 'INTERNAL', title: 'Internal Server Error' } });
    expect(JSON.stringify(problem.body)).not.toContain('password');
  });

  it('does not trust codes it does not know (Node and driver errors carry codes too)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:5432'), { code: 'ECONNREFUSED' });
    expect(toProblem(refused, context)).toMatchObject({ status: 500, body: { code: 'INTERNAL' } });
    expect(toProblem('a thrown string', context).status).toBe(500);
    expect(toProblem(undefined, context).status).toBe(500);
  });

  it('never repeats the message of an HttpException 500', () => {
    const problem = toProblem(new HttpException('db at 10.0.0.7 is down', 500), context);
    expect(problem).toMatchObject({ status: 500, unexpected: true });
    expect(problem.body.detail).not.toContain('10.0.0.7');
  });
});
